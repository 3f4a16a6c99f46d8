"""``/api/v1/mutual-aid/plans/``: mutual-aid plans (read-only) the caller may see (issued in their subtree or by a
federation above them), with their tiers and every version's benefit rules."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.common.params import int_param
from gonghui.mutual_aid.models import BenefitRule, Plan, PlanTier, PlanVersion
from gonghui.mutual_aid.plans import selectors

TAGS = ["mutual-aid"]


def _money(**kw: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kw)


class BandSerializer(serializers.Serializer[Any]):
    start = serializers.CharField(source="from", help_text="分段起点（扣除起付线后的金额，元）")
    rate = serializers.CharField(help_text="给付比例（0 至 1）")


class IllnessSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class RuleSerializer(serializers.ModelSerializer[BenefitRule]):
    tier = serializers.CharField(source="tier.code", read_only=True)
    deductible = _money()
    fixed_amount = _money(allow_null=True)
    per_event_cap = _money(allow_null=True)
    yearly_cap = _money(allow_null=True)
    bands = BandSerializer(many=True, read_only=True)
    illnesses = IllnessSerializer(many=True, read_only=True)
    exclusions = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = BenefitRule
        fields: tuple[str, ...] = (
            "tier",
            "kind",
            "deductible",
            "bands",
            "fixed_amount",
            "per_event_cap",
            "yearly_cap",
            "waiting_days",
            "illnesses",
            "exclusions",
        )
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer[PlanVersion]):
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields: tuple[str, ...] = ("number", "effective_from", "published", "note", "rules")
        read_only_fields = fields


class TierSerializer(serializers.ModelSerializer[PlanTier]):
    fee = _money()

    class Meta:
        model = PlanTier
        fields: tuple[str, ...] = ("code", "name", "fee")
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[Plan]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    tiers = TierSerializer(many=True, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields: tuple[str, ...] = (
            "id",
            "code",
            "name",
            "unit",
            "unit_name",
            "year",
            "starts_on",
            "ends_on",
            "status",
            "family_cover",
            "description",
            "published_at",
            "tiers",
            "versions",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Plan]):
    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Plan.objects.none()
        status = self.request.query_params.get("status", "")
        year = int_param(self.request.query_params.get("year", ""), min_value=2000, max_value=2100)
        return (
            selectors.plan_list(actor=self.request.user, status=status, year=year)
            .prefetch_related(
                Prefetch("tiers", queryset=PlanTier.objects.order_by("order", "pk")),
                Prefetch(
                    "versions",
                    queryset=PlanVersion.objects.order_by("number").prefetch_related(
                        Prefetch(
                            "rules", queryset=BenefitRule.objects.select_related("tier").order_by("tier__order", "kind")
                        )
                    ),
                ),
            )
            .order_by("-year", "-pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态：draft、published、closed"),
            OpenApiParameter("year", int, required=False, description="保障年度"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes = [("mutual-aid/plans", PlanViewSet, "mutual-aid-plans")]
urlpatterns: list[Any] = []
