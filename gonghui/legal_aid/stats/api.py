"""``/api/v1/legal-aid/stats/``: the statistics of legal aid (and of supervision, for holders of
``legal_aid.view_supervision``) of a year in the caller's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.common.params import int_param
from gonghui.legal_aid.stats import selectors


class LegalAidStatsRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    recovered = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)


class LegalAidStatsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    cases = serializers.IntegerField(help_text="当年法律援助申请件数")
    recovered = serializers.DecimalField(
        max_digits=18, decimal_places=2, coerce_to_string=True, help_text="已结案件挽回金额（元）"
    )
    by_status = LegalAidStatsRowSerializer(many=True)
    by_kind = LegalAidStatsRowSerializer(many=True, help_text="按争议类型：件数和已结案件挽回金额")
    by_outcome = LegalAidStatsRowSerializer(many=True)
    by_rating = LegalAidStatsRowSerializer(many=True)
    decided_on_time = serializers.IntegerField()
    decided_late = serializers.IntegerField()
    assigned_on_time = serializers.IntegerField()
    assigned_late = serializers.IntegerField()
    notices = serializers.IntegerField(allow_null=True, help_text="当年发出的劳动法律监督意见书；无查看权限时为 null")
    notices_by_status = LegalAidStatsRowSerializer(many=True)
    replied_on_time = serializers.IntegerField(allow_null=True)
    replied_late = serializers.IntegerField(allow_null=True)
    notices_overdue = serializers.IntegerField(allow_null=True)


def _rows(rows: list[tuple[str, str, int, Decimal]]) -> list[dict[str, Any]]:
    return [{"code": c, "name": label, "count": n, "recovered": a} for c, label, n, a in rows]


class LegalAidStatsView(APIView):
    """The statistics of legal aid and supervision of a year in the caller's scope."""

    @extend_schema(
        tags=["legal_aid"],
        summary="法律维权统计",
        parameters=[OpenApiParameter("year", int, required=False, description="年度，默认今年")],
        responses={200: LegalAidStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        year = int_param(request.query_params.get("year", ""), min_value=2000, max_value=2100) or today.year
        s = selectors.legal_aid_stats(actor=request.user, year=year)
        shown = s.show_notices
        data = {
            "year": s.year,
            "cases": s.cases,
            "recovered": s.recovered,
            "by_status": _rows(s.by_status),
            "by_kind": _rows(s.by_kind),
            "by_outcome": _rows(s.by_outcome),
            "by_rating": _rows(s.by_rating),
            "decided_on_time": s.decided_on_time,
            "decided_late": s.decided_late,
            "assigned_on_time": s.assigned_on_time,
            "assigned_late": s.assigned_late,
            "notices": s.notices if shown else None,
            "notices_by_status": _rows(s.notices_by_status),
            "replied_on_time": s.replied_on_time if shown else None,
            "replied_late": s.replied_late if shown else None,
            "notices_overdue": s.notices_overdue if shown else None,
        }
        return Response(LegalAidStatsSerializer(data).data)


routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = [path("legal-aid/stats/", LegalAidStatsView.as_view(), name="legal-aid-stats")]
