"""``/api/v1/mutual-aid/enrolments/``: whole-unit enrolments (read-only) in the caller's scope, with their counts,
fee and cover dates (the list of members is exported from the console, audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.common.params import int_param
from gonghui.mutual_aid.enrolment import selectors
from gonghui.mutual_aid.models import Enrolment

TAGS = ["mutual-aid"]


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    tier_code = serializers.CharField(source="tier.code", read_only=True)
    fee_total = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)

    class Meta:
        model = Enrolment
        fields: tuple[str, ...] = (
            "id",
            "plan",
            "plan_name",
            "tier",
            "tier_code",
            "unit",
            "unit_name",
            "status",
            "partial",
            "partial_reason",
            "member_count",
            "eligible_count",
            "fee_total",
            "paid_on",
            "covered_from",
            "created_at",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Enrolment]):
    serializer_class = EnrolmentSerializer

    def get_queryset(self) -> QuerySet[Enrolment]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Enrolment.objects.none()
        status = self.request.query_params.get("status", "")
        plan = int_param(self.request.query_params.get("plan", ""), min_value=1)
        return selectors.enrolment_list(actor=self.request.user, status=status, plan=plan).order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("plan", int, required=False, description="保障计划"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes = [("mutual-aid/enrolments", EnrolmentViewSet, "mutual-aid-enrolments")]
urlpatterns: list[Any] = []
