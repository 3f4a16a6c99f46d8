"""``GET /api/v1/members/stats/``: every member aggregate of a unit's subtree (scoped; for units with sub-units
precomputed and refreshed incrementally every 10 s, else live and cached for 60 s; ``computed_at`` says when the
data was read)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.common.params import ID_SCHEMA, IntParamField
from gonghui.members.models import MemberStatus
from gonghui.members.stats.selectors import DIMENSIONS, STATUS_ALL, member_stats, stats_unit_get


class StatsQuerySerializer(serializers.Serializer):
    unit = IntParamField(required=False, help_text="组织 ID，默认为调用者的顶级组织")
    status = serializers.ChoiceField(choices=[STATUS_ALL, *MemberStatus.values], required=False)


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="占该维度合计的百分比")
    unit_id = serializers.IntegerField(required=False, allow_null=True, help_text="仅“按下级组织”：该组织的 ID")


class StatsDimensionSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=[d.key for d in DIMENSIONS])
    title = serializers.CharField()
    chart = serializers.ChoiceField(choices=["bar", "pie"])
    rows = StatsRowSerializer(many=True)


class StatsUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    path = serializers.CharField()


STATS_RESPONSE = inline_serializer(
    "MemberStats",
    fields={
        "unit": StatsUnitSerializer(),
        "status": serializers.ChoiceField(choices=[STATUS_ALL, *MemberStatus.values]),
        "total": serializers.IntegerField(),
        "as_of": serializers.DateField(help_text="年龄计算日（北京时间）"),
        "computed_at": serializers.DateTimeField(help_text="统计数据的读取时间（北京时间）"),
        "precomputed": serializers.BooleanField(
            help_text=(
                "true：后台每 10 秒增量刷新的统计快照（有下级组织的单位）；false：实时统计，最多缓存 cache_seconds 秒"
            )
        ),
        "cache_seconds": serializers.IntegerField(help_text="实时统计结果的最长缓存秒数"),
        "dimensions": StatsDimensionSerializer(many=True),
    },
)


class MemberStatsView(APIView):
    """Members of the unit's subtree (default: the caller's root unit) by direct child unit (subtree totals),
    region, industry section, gig-worker type, gender, age band and join year. Active members unless ``status``
    says otherwise. A unit outside the caller's scope answers 404."""

    @extend_schema(
        operation_id="member_stats",
        parameters=[
            OpenApiParameter(
                "unit",
                ID_SCHEMA,
                description="组织 ID，默认为调用者的顶级组织",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[STATUS_ALL, *MemberStatus.values],
                description="会员状态，默认 active（在册）；retired 退休、left 已离会、deceased 已故、all 全部",
            ),
        ],
        responses={200: STATS_RESPONSE},
    )
    def get(self, request: Request) -> Response:
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = stats_unit_get(actor=request.user, unit_id=query.validated_data.get("unit"))
        status = query.validated_data.get("status") or MemberStatus.ACTIVE
        return Response(member_stats(actor=request.user, unit=unit, status=status))


urlpatterns = [path("members/stats/", MemberStatsView.as_view(), name="member-stats")]
