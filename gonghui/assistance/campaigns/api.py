"""``/api/v1/assistance/campaigns/``: campaigns (read-only), scoped like the console (the campaign's union and above,
and the unions it is allotted to). The detail adds the allotments and the progress by union (the caller's unions
only below the campaign's union); no recipient names appear."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.assistance.campaigns import groups, selectors
from gonghui.assistance.models import Campaign
from gonghui.common.params import int_param

TAGS = ["assistance"]


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kwargs)


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    budget = _money()
    standard = _money()
    recipient_count = serializers.IntegerField(read_only=True, help_text="列入人数（不含已移出）")
    groups = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="对象范围代码")

    class Meta:
        model = Campaign
        fields: tuple[str, ...] = (
            "id",
            "title",
            "kind",
            "form",
            "goods",
            "unit",
            "unit_name",
            "status",
            "budget",
            "standard",
            "starts_on",
            "ends_on",
            "groups",
            "recipient_count",
        )
        read_only_fields = fields


class AllotmentSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    quota = serializers.IntegerField(help_text="分配名额")
    used = serializers.IntegerField(help_text="已列入人数")
    amount = _money(help_text="名额 × 每人标准")


class UnionProgressSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    quota = serializers.IntegerField()
    listed = serializers.IntegerField()
    delivered = serializers.IntegerField(help_text="已发放人数（慰问金以财务已付款为准）")
    amount = _money()
    delivered_amount = _money()
    share = serializers.FloatField(help_text="发放率（0–1）")


class ProgressSerializer(serializers.Serializer[Any]):
    quota = serializers.IntegerField()
    listed = serializers.IntegerField()
    delivered = serializers.IntegerField()
    amount = _money()
    delivered_amount = _money()
    share = serializers.FloatField()
    unions = UnionProgressSerializer(many=True)


class CampaignDetailSerializer(CampaignSerializer):
    group_labels = serializers.SerializerMethodField()
    allotments = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = (*CampaignSerializer.Meta.fields, "group_labels", "allotments", "progress")
        read_only_fields = fields

    def get_group_labels(self, obj: Campaign) -> list[str]:
        return groups.group_labels(obj.groups)

    @extend_schema_field(AllotmentSerializer(many=True))
    def get_allotments(self, obj: Campaign) -> Any:
        rows = [
            {
                "unit": a.unit_id,
                "unit_name": a.unit.name,
                "quota": a.quota,
                "used": a.used,  # type: ignore[attr-defined]
                "amount": a.quota * obj.standard,
            }
            for a in selectors.allotments(obj)
        ]
        return AllotmentSerializer(rows, many=True).data

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj: Campaign) -> Any:
        p = selectors.progress(actor=self.context["request"].user, campaign=obj)
        data = {
            "quota": p.quota,
            "listed": p.listed,
            "delivered": p.delivered,
            "amount": p.amount,
            "delivered_amount": p.delivered_amount,
            "share": p.share,
            "unions": [
                {
                    "unit": r.unit.pk,
                    "unit_name": r.unit.name,
                    "quota": r.quota,
                    "listed": r.listed,
                    "delivered": r.delivered,
                    "amount": r.amount,
                    "delivered_amount": r.delivered_amount,
                    "share": r.share,
                }
                for r in p.rows
            ],
        }
        return ProgressSerializer(data).data


@extend_schema(tags=TAGS)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Campaign]):
    queryset = Campaign.objects.none()  # the schema's path type; requests use get_queryset

    def get_serializer_class(self) -> Any:
        return CampaignDetailSerializer if self.action == "retrieve" else CampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        params = self.request.query_params
        year = int_param(params.get("year", ""), min_value=2000, max_value=2100)
        return selectors.campaign_list(
            actor=self.request.user, status=params.get("status", ""), kind=params.get("kind", ""), year=year
        ).order_by("-starts_on", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态：draft/open/closed/cancelled"),
            OpenApiParameter("kind", str, required=False, description="活动类型：warmth（送温暖）/study（金秋助学）"),
            OpenApiParameter("year", int, required=False, description="开始年度"),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


routes = [("assistance/campaigns", CampaignViewSet, "assistance-campaigns")]
urlpatterns: list[Any] = []
