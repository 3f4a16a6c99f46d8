"""``/api/v1/retirees/visits/``: visits to retirees (staff): list (status, reason, overdue), plan, record as done."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.retirees.clubs.selectors import retiree_by_no
from gonghui.retirees.models import Visit, VisitReason
from gonghui.retirees.permissions import VIEW_RETIREES
from gonghui.retirees.visits import selectors, services

TAGS = ["retirees"]


class RetireesVisitSerializer(serializers.ModelSerializer[Visit]):
    member_name = serializers.SerializerMethodField(help_text="退休职工姓名（脱敏）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Visit
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "reason",
            "status",
            "planned_on",
            "milestone_age",
            "done_on",
            "visitors",
            "gift_value",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Visit) -> str:
        return mask_name(obj.member.name)


class RetireesVisitPlanSerializer(serializers.Serializer[Any]):
    member_no = serializers.CharField(max_length=24)
    reason = serializers.ChoiceField(choices=VisitReason.choices)
    planned_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RetireesVisitDoneSerializer(serializers.Serializer[Any]):
    done_on = serializers.DateField()
    visitors = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    gift_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


@extend_schema(tags=TAGS)
class VisitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Visit]
):
    serializer_class = RetireesVisitSerializer
    lookup_url_kwarg = "retiree_visit_id"
    permission_classes = [IsStaff, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[Visit]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return self.serializer_class.Meta.model.objects.none()  # type: ignore[no-any-return]
        access.require_anywhere(self.request.user, VIEW_RETIREES)
        params = self.request.query_params
        return selectors.visit_list(
            actor=self.request.user,
            status=params.get("status", ""),
            reason=params.get("reason", ""),
            overdue=params.get("overdue") == "1",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="planned、done、cancelled"),
            OpenApiParameter("reason", str, required=False, description="birthday、illness、festival、other"),
            OpenApiParameter("overdue", str, required=False, description="1：只看逾期未登记的走访"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="安排走访", request=RetireesVisitPlanSerializer, responses={201: RetireesVisitSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RetireesVisitPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member = retiree_by_no(actor=request.user, member_no=values.pop("member_no"))
        if member is None:
            raise access.NotVisible
        visit = services.visit_plan(actor=request.user, member=member, **values)
        return Response(RetireesVisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="登记走访", request=RetireesVisitDoneSerializer, responses={200: RetireesVisitSerializer})
    @action(detail=True, methods=["post"])
    def done(self, request: Request, retiree_visit_id: str = "") -> Response:
        visit = selectors.visit_get(actor=request.user, retiree_visit_id=retiree_visit_id)
        data = RetireesVisitDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.visit_done(actor=request.user, visit=visit, data=services.VisitRecord(**data.validated_data))
        return Response(RetireesVisitSerializer(done).data)


routes: list[tuple[str, Any, str]] = [("retirees/visits", VisitViewSet, "retirees-visits")]
urlpatterns: list[Any] = []
