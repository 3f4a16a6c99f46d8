"""``/api/v1/congress/stats/``: the statistics of democratic management of a year in the caller's scope (congress
coverage, proposals by outcome and punctuality, suggestions and their value)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.common.params import int_param
from gonghui.congress.stats import selectors


class CountSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class CongressStatsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    grassroots = serializers.IntegerField(help_text="范围内的基层工会数")
    with_congress = serializers.IntegerField(help_text="已建职代会的基层工会数")
    with_recent_session = serializers.IntegerField(help_text="近 12 个月内召开过职代会的基层工会数")
    coverage = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=True)
    proposals_by_status = CountSerializer(many=True)
    proposals_by_code = CountSerializer(many=True)
    answered_on_time = serializers.IntegerField()
    answered_late = serializers.IntegerField()
    overdue_open = serializers.IntegerField()
    suggestions_by_status = CountSerializer(many=True)
    suggestions_adopted = serializers.IntegerField()
    money_saved = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)
    hours_saved = serializers.DecimalField(max_digits=14, decimal_places=1, coerce_to_string=True)
    rewards = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=True)


class CongressStatsView(APIView):
    """The statistics of democratic management of a year in the caller's scope."""

    @extend_schema(
        tags=["congress"],
        summary="民主管理统计",
        parameters=[OpenApiParameter("year", int, required=False, description="年度，默认今年")],
        responses={200: CongressStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        year = int_param(request.query_params.get("year", ""), min_value=2000, max_value=2100) or today.year
        s = selectors.congress_stats(actor=request.user, year=year, today=today)

        def counts(rows: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
            return [{"code": c, "name": label, "count": n} for c, label, n in rows]

        data = {
            "year": s.year,
            "grassroots": s.grassroots,
            "with_congress": s.with_congress,
            "with_recent_session": s.with_recent_session,
            "coverage": s.coverage,
            "proposals_by_status": counts(s.proposals_by_status),
            "proposals_by_code": counts(s.proposals_by_code),
            "answered_on_time": s.answered_on_time,
            "answered_late": s.answered_late,
            "overdue_open": s.overdue_open,
            "suggestions_by_status": counts(s.suggestions_by_status),
            "suggestions_adopted": s.suggestions_adopted,
            "money_saved": s.money_saved,
            "hours_saved": s.hours_saved,
            "rewards": s.rewards,
        }
        return Response(CongressStatsSerializer(data).data)


routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = [path("congress/stats/", CongressStatsView.as_view(), name="congress-stats")]
