"""``/api/v1/bargaining/stats/``: the statistics of collective bargaining in the caller's scope (agreements in
force and their coverage, wage increases agreed in a year, cases by status)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.bargaining.stats import selectors
from gonghui.common.params import int_param


class BargainingCountSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class BargainingStatsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    in_force = serializers.IntegerField(help_text="今日有效的集体合同数")
    in_force_by_level = BargainingCountSerializer(many=True)
    covered_employers = serializers.IntegerField(help_text="有效集体合同覆盖的企业数（每家企业计一次）")
    covered_workers = serializers.IntegerField(help_text="覆盖职工人数")
    signed_in_year = serializers.IntegerField()
    wage_agreements = serializers.IntegerField(help_text="本年签订、约定工资增长幅度的集体合同数")
    wage_increase_avg = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, coerce_to_string=True)
    wage_increase_min = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, coerce_to_string=True)
    wage_increase_max = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, coerce_to_string=True)
    by_status = BargainingCountSerializer(many=True)
    escalated_open = serializers.IntegerField(help_text="逾期督办、尚未办结的期限数")


class BargainingStatsView(APIView):
    """The statistics of collective bargaining of a year in the caller's scope."""

    @extend_schema(
        tags=["bargaining"],
        summary="平等协商统计",
        parameters=[OpenApiParameter("year", int, required=False, description="年度，默认今年")],
        responses={200: BargainingStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        year = int_param(request.query_params.get("year", ""), min_value=2000, max_value=2100) or today.year
        s = selectors.bargaining_stats(actor=request.user, year=year, today=today)

        def counts(rows: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
            return [{"code": c, "name": label, "count": n} for c, label, n in rows]

        data = {
            "year": s.year,
            "in_force": s.in_force,
            "in_force_by_level": counts(s.in_force_by_level),
            "covered_employers": s.covered_employers,
            "covered_workers": s.covered_workers,
            "signed_in_year": s.signed_in_year,
            "wage_agreements": s.wage_agreements,
            "wage_increase_avg": s.wage_increase_avg,
            "wage_increase_min": s.wage_increase_min,
            "wage_increase_max": s.wage_increase_max,
            "by_status": counts(s.by_status),
            "escalated_open": s.escalated_open,
        }
        return Response(BargainingStatsSerializer(data).data)


routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = [path("bargaining/stats/", BargainingStatsView.as_view(), name="bargaining-stats")]
