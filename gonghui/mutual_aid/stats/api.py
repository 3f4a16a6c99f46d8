"""``/api/v1/mutual-aid/statistics/``: a plan's figures in the caller's scope (enrolment rate by union, fees
received, claims and pay-outs by benefit and by illness code) and every visible plan's loss ratio."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.mutual_aid.stats import selectors
from gonghui.orgs.models import OrgUnit

TAGS = ["mutual-aid"]


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)


def _ratio() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=4, coerce_to_string=True, allow_null=True)


class RateRowSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    active = serializers.IntegerField(help_text="在册会员数")
    enrolled = serializers.IntegerField(help_text="参保（保障中）人数")
    rate = _ratio()


class BenefitRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    claims = serializers.IntegerField()
    approved = _money()
    paid = _money()


class PlanRowSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    plan_name = serializers.CharField()
    year = serializers.IntegerField()
    fees = _money()
    paid = _money()
    loss_ratio = _ratio()


class StatsSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    total = RateRowSerializer(allow_null=True)
    units = RateRowSerializer(many=True)
    fees = _money()
    paid = _money()
    loss_ratio = _ratio()
    benefits = BenefitRowSerializer(many=True)
    illnesses = BenefitRowSerializer(many=True)
    plans = PlanRowSerializer(many=True)


def _rate(row: selectors.RateRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "unit": row.unit.pk,
        "unit_name": row.unit.name,
        "active": row.active,
        "enrolled": row.enrolled,
        "rate": row.rate,
    }


def _benefit(b: selectors.BenefitRow) -> dict[str, Any]:
    return {"key": b.key, "label": b.label, "claims": b.claims, "approved": b.approved, "paid": b.paid}


class StatsView(APIView):
    """Mutual-aid statistics of one plan (default: the newest visible) in the caller's scope."""

    @extend_schema(
        tags=TAGS,
        summary="互助保障统计",
        parameters=[
            OpenApiParameter("plan", int, required=False, description="保障计划，默认最新一个"),
            OpenApiParameter("unit", int, required=False, description="限定工会（及其下级）"),
        ],
        responses={200: StatsSerializer},
    )
    def get(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_MUTUAL_AID)
        plans = selectors.stats_plans(actor=request.user)
        wanted = int_param(request.query_params.get("plan", ""), min_value=1)
        plan = plans.filter(pk=wanted).first() if wanted else plans.first()
        if wanted and plan is None:
            raise access.NotVisible
        unit_id = int_param(request.query_params.get("unit", ""), min_value=1)
        unit = None
        if unit_id:
            unit = OrgUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise access.NotVisible
        stats = selectors.mutual_aid_stats(actor=request.user, plan=plan, unit=unit)
        data = {
            "plan": plan.pk if plan else None,
            "unit": unit.pk if unit else None,
            "total": _rate(stats.total),
            "units": [_rate(r) for r in stats.rows],
            "fees": stats.fees,
            "paid": stats.paid,
            "loss_ratio": stats.loss_ratio,
            "benefits": [_benefit(b) for b in stats.benefits],
            "illnesses": [_benefit(b) for b in stats.illnesses],
            "plans": [
                {
                    "plan": p.plan.pk,
                    "plan_name": p.plan.name,
                    "year": p.plan.year,
                    "fees": p.fees,
                    "paid": p.paid,
                    "loss_ratio": p.loss_ratio,
                }
                for p in stats.plans
            ],
        }
        return Response(StatsSerializer(data).data)


routes: list[tuple[str, Any, str]] = []
urlpatterns = [path("mutual-aid/statistics/", StatsView.as_view(), name="mutual-aid-statistics")]
