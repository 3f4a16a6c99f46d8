"""``/api/v1/recuperation/trips/``: recuperation trips. Staff see the trips of their scope (published by a union in
it, or holding a quota in it); a member sees the published trips of the federations above their union. Each trip
carries its caps check (the trace of publication) and, for staff, its quotas."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.recuperation.booking import eligibility
from gonghui.recuperation.booking.services import booking_window_open
from gonghui.recuperation.models import Trip, TripQuota
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS
from gonghui.recuperation.trips import selectors

TAGS = ["recuperation"]


class QuotaSerializer(serializers.ModelSerializer[TripQuota]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = TripQuota
        fields: tuple[str, ...] = (
            "id",
            "unit",
            "unit_name",
            "parent",
            "places",
            "allotted",
            "booked",
            "handed_back",
            "free",
        )
        read_only_fields = fields


class TripSerializer(serializers.ModelSerializer[Trip]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    sanatorium_name = serializers.CharField(source="sanatorium.name", read_only=True, allow_null=True, default=None)
    price_per_day = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)
    days = serializers.IntegerField(read_only=True)
    cap_trace = serializers.JSONField(read_only=True, help_text="发布时的标准核验（逐行：已知数、政策及版本、结论）")
    quotas = serializers.SerializerMethodField()

    class Meta:
        model = Trip
        fields: tuple[str, ...] = (
            "id",
            "code",
            "title",
            "unit",
            "unit_name",
            "destination",
            "sanatorium",
            "sanatorium_name",
            "itinerary",
            "starts_on",
            "ends_on",
            "days",
            "places",
            "price_per_day",
            "audience",
            "audience_units",
            "booking_opens_at",
            "booking_closes_at",
            "handback_deadline",
            "status",
            "published_at",
            "cap_trace",
            "policy_record_ids",
            "quotas",
        )
        read_only_fields = fields

    @extend_schema_field(QuotaSerializer(many=True))
    def get_quotas(self, trip: Trip) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None or not access.holds_any_role(request.user):
            return []
        return list(QuotaSerializer(selectors.quotas_of(trip), many=True).data)  # type: ignore[arg-type]


class EligibilityRuleSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label": the rule's name
    value = serializers.CharField(help_text="显示值")
    formula = serializers.CharField(allow_blank=True)
    rule = serializers.CharField(allow_blank=True, help_text="政策出处（版本）")


class EligibilitySerializer(serializers.Serializer[Any]):
    trip = serializers.IntegerField()
    member = serializers.IntegerField(allow_null=True)
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    priority = serializers.ListField(child=serializers.CharField())
    leader = serializers.BooleanField()
    booking_open = serializers.BooleanField()
    rules = EligibilityRuleSerializer(many=True)
    policy_record_ids = serializers.ListField(child=serializers.IntegerField())


@extend_schema(tags=TAGS)
class TripViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Trip]):
    serializer_class = TripSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    lookup_url_kwarg = "trip_id"

    def get_queryset(self) -> QuerySet[Trip]:
        user = self.request.user
        if access.holds_any_role(user):
            status = self.request.query_params.get("status", "")
            year = int_param(self.request.query_params.get("year", ""), min_value=2000, max_value=2100)
            return selectors.trip_list(actor=user, status=status, year=year).order_by("-pk")
        _member, trips = selectors.my_trips(actor=user)
        return trips.order_by("-pk")

    @extend_schema(
        summary="疗休养线路",
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态（工作人员）"),
            OpenApiParameter("year", int, required=False, description="出发年度（工作人员）"),
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="预订资格核验",
        parameters=[OpenApiParameter("member", int, required=False, description="会员（工作人员代查）；本人不填")],
        responses={200: EligibilitySerializer},
    )
    @action(detail=True, methods=["get"])
    def eligibility(self, request: Request, trip_id: str | None = None) -> Response:
        """Whether a member (the caller, or with ``member`` a member of a clerk's scope) may book the trip, rule by
        rule. An account without a membership gets the answer "not a member"."""
        trip = self.get_object()
        member_id = int_param(request.query_params.get("member", ""), min_value=1)
        if member_id is not None:
            member = (
                access.scope(Member.objects.filter(pk=member_id), request.user, BOOK_FOR_MEMBERS)
                .select_related("unit")
                .first()
            )
            if member is None or not member.unit.path.startswith(trip.unit.path):
                raise access.NotVisible
        else:
            member = my_member(actor=request.user)
            if member is None or not member.unit.path.startswith(trip.unit.path):
                data: dict[str, Any] = {
                    "trip": trip.pk,
                    "member": None,
                    "eligible": False,
                    "reasons": [_(eligibility.NOT_ACTIVE)],
                    "priority": [],
                    "leader": False,
                    "booking_open": booking_window_open(trip),
                    "rules": [],
                    "policy_record_ids": [],
                }
                return Response(EligibilitySerializer(data).data)
        out = eligibility.explain(member=member, trip=trip, on=timezone.localdate())
        data = {
            "trip": trip.pk,
            "member": member.pk,
            "eligible": out.decision.eligible,
            "reasons": [_(r) for r in out.decision.reasons],
            "priority": list(out.decision.priority),
            "leader": out.decision.leader,
            "booking_open": booking_window_open(trip),
            "rules": [
                {
                    "role": line.role,
                    "label": line.label_display,
                    "value": line.value_display,
                    "formula": line.formula_display,
                    "rule": line.rule_display,
                }
                for line in out.trace.lines
            ],
            "policy_record_ids": out.trace.policy_record_ids,
        }
        return Response(EligibilitySerializer(data).data)


routes: list[tuple[str, Any, str]] = [("recuperation/trips", TripViewSet, "recuperation-trips")]
urlpatterns: list[Any] = []
