"""``/api/v1/honors/campaigns/`` and ``/api/v1/honors/nominations/``: campaigns (with the quotas in the caller's
scope) and nominations (read-only, scoped to ``honors.view_campaigns``; the nominee's name is masked)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets

from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.honors.campaigns import selectors
from gonghui.honors.models import Campaign, CampaignQuota, Nomination

TAGS = ["honors"]


class CampaignsQuotaSerializer(serializers.ModelSerializer[CampaignQuota]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = CampaignQuota
        fields: tuple[str, ...] = ("id", "unit", "unit_name", "parent", "places", "allotted", "used", "free")
        read_only_fields = fields


class CampaignsCampaignSerializer(serializers.ModelSerializer[Campaign]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Campaign
        fields: tuple[str, ...] = (
            "id",
            "name",
            "unit",
            "unit_name",
            "title",
            "level",
            "year",
            "places",
            "nominate_from",
            "nominate_until",
            "min_years_in_trade",
            "status",
            "awarded_on",
        )
        read_only_fields = fields


class CampaignsCampaignDetailSerializer(CampaignsCampaignSerializer):
    quotas = serializers.SerializerMethodField()

    class Meta(CampaignsCampaignSerializer.Meta):
        fields = (*CampaignsCampaignSerializer.Meta.fields, "quotas")
        read_only_fields = fields

    @extend_schema_field(CampaignsQuotaSerializer(many=True))
    def get_quotas(self, obj: Campaign) -> list[dict[str, Any]]:
        rows = selectors.quota_list(actor=self.context["request"].user, campaign=obj)
        return list(CampaignsQuotaSerializer(rows, many=True).data)


CAMPAIGN_EXAMPLE = OpenApiExample(
    "省级劳模评选",
    value={
        "id": 1,
        "name": "2026年浙江省劳动模范评选",
        "unit": 1,
        "unit_name": "浙江省总工会",
        "title": "model_worker",
        "level": "provincial",
        "year": 2026,
        "places": 12,
        "nominate_from": "2026-10-08",
        "nominate_until": "2026-11-20",
        "min_years_in_trade": 0,
        "status": "open",
        "awarded_on": None,
    },
    response_only=True,
)


@extend_schema(tags=TAGS)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Campaign]):
    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return CampaignsCampaignDetailSerializer if self.action == "retrieve" else CampaignsCampaignSerializer

    def get_queryset(self) -> QuerySet[Campaign]:
        params = self.request.query_params
        return selectors.campaign_list(
            actor=self.request.user,
            year=int_param(params.get("year", ""), min_value=2000, max_value=2100),
            status=params.get("status", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=False, description="年度"),
            OpenApiParameter("status", str, required=False, description="open / awarded / cancelled"),
        ],
        examples=[CAMPAIGN_EXAMPLE],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


class CampaignsNominationSerializer(serializers.ModelSerializer[Nomination]):
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    current_step = serializers.SerializerMethodField()
    publicity_ends_on = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields: tuple[str, ...] = (
            "id",
            "campaign",
            "unit",
            "unit_name",
            "member_name",
            "years_in_trade",
            "status",
            "current_step",
            "publicity_ends_on",
            "review_case",
            "honoree",
            "created_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Nomination) -> str:
        return mask_name(obj.member.name)

    def get_current_step(self, obj: Nomination) -> str:
        case = obj.review_case
        step = case.current_step if case is not None else None
        return step.display_name if step is not None else ""

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_publicity_ends_on(self, obj: Nomination) -> Any:
        case = obj.review_case
        return case.publicity_ends_on if case is not None else None


@extend_schema(tags=TAGS)
class NominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Nomination]):
    serializer_class = CampaignsNominationSerializer

    def get_queryset(self) -> QuerySet[Nomination]:
        params = self.request.query_params
        campaign_id = int_param(params.get("campaign", ""), min_value=1)
        qs = selectors.nomination_list(actor=self.request.user, status=params.get("status", ""))
        if campaign_id is not None:
            qs = qs.filter(campaign_id=campaign_id)
        return qs.order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, required=False, description="评选编号"),
            OpenApiParameter(
                "status",
                str,
                required=False,
                description="draft / in_review / returned / approved / awarded / rejected / withdrawn",
            ),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes = [
    ("honors/campaigns", CampaignViewSet, "honors-campaigns"),
    ("honors/nominations", NominationViewSet, "honors-nominations"),
]
urlpatterns: list[Any] = []
