"""``GET /api/v1/overview/<unit_id>/``: the one-screen overview of a unit's subtree (every figure the modules
registered; for units with sub-units precomputed every 20 s, else live and cached for 60 s; ``computed_at`` says
when the data was read)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.overview.registry import Group, Kind
from gonghui.overview.selectors import overview_get, overview_unit_get

FIGURE = inline_serializer(
    "OverviewFigure",
    fields={
        "code": serializers.CharField(help_text="指标代码（来源代码.指标），如 members.active"),
        "label": serializers.CharField(help_text="指标名称（中文）"),
        "value": serializers.JSONField(
            help_text="数值：count、days 为整数（days 无数据时为 null），yuan 为两位小数的字符串，percent 为一位小数"
        ),
        "kind": serializers.ChoiceField(choices=[str(k) for k in Kind]),
        "url": serializers.CharField(help_text="该指标背后业务列表的地址（已按该组织筛选），可能为空"),
        "overdue": serializers.BooleanField(help_text="true：超期事项（含全部下级）"),
    },
)

SOURCE = inline_serializer(
    "OverviewSource",
    fields={
        "code": serializers.CharField(),
        "title": serializers.CharField(),
        "group": serializers.ChoiceField(choices=[str(g) for g in Group]),
        "figures": FIGURE,
    },
)

RESPONSE = inline_serializer(
    "Overview",
    fields={
        "unit": inline_serializer(
            "OverviewUnit",
            fields={"id": serializers.IntegerField(), "name": serializers.CharField(), "path": serializers.CharField()},
        ),
        "computed_at": serializers.DateTimeField(help_text="指标数据的读取时间（北京时间）"),
        "precomputed": serializers.BooleanField(
            help_text="true：后台每 20 秒刷新的快照（有下级组织的单位）；false：实时统计，最多缓存 cache_seconds 秒"
        ),
        "cache_seconds": serializers.IntegerField(help_text="实时统计结果的最长缓存秒数"),
        "sources": serializers.ListField(child=SOURCE),
    },
)

EXAMPLE: dict[str, Any] = {
    "unit": {"id": 2, "name": "杭州市总工会", "path": "00010001"},
    "computed_at": "2026-12-06T20:15:04+08:00",
    "precomputed": True,
    "cache_seconds": 60,
    "sources": [
        {
            "code": "members",
            "title": "会员",
            "group": "members",
            "figures": [
                {
                    "code": "members.active",
                    "label": "在册会员",
                    "value": 182304,
                    "kind": "count",
                    "url": "/console/members/?unit=2",
                    "overdue": False,
                },
                {
                    "code": "members.pending_oldest",
                    "label": "入会申请最长等待",
                    "value": 6,
                    "kind": "days",
                    "url": "/console/members/join/?status=submitted&unit=2",
                    "overdue": False,
                },
            ],
        },
        {
            "code": "finance.paid",
            "title": "资金支付",
            "group": "money",
            "figures": [
                {
                    "code": "finance.paid.assistance",
                    "label": "困难帮扶",
                    "value": "1250000.00",
                    "kind": "yuan",
                    "url": "/console/finance/payments/?status=paid&unit=2",
                    "overdue": False,
                }
            ],
        },
    ],
}


class OverviewView(APIView):
    """Every figure of the unit's subtree that the modules registered (members and joiners, applications waiting
    by module and how long, money paid by module, overdue items, satisfaction), each with the URL of the console
    list behind it. A unit outside the caller's scope (a sibling's, a parent's) answers 404."""

    @extend_schema(
        operation_id="overview_get",
        responses={200: RESPONSE},
        examples=[OpenApiExample("市总工会的总览", value=EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, unit_id: int) -> Response:
        unit = overview_unit_get(actor=request.user, unit_id=unit_id)
        return Response(overview_get(actor=request.user, unit=unit))


routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = [path("overview/<int:unit_id>/", OverviewView.as_view(), name="overview")]
