"""``/api/v1/retirees/condolences/``: condolence payments (staff): list, decide (a retry decides once: 200 with the
first decision), each with the payment's state read back from finance."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.retirees.clubs.selectors import retiree_by_no
from gonghui.retirees.condolences import selectors, services
from gonghui.retirees.models import Condolence, CondolenceReason
from gonghui.retirees.permissions import VIEW_RETIREES

TAGS = ["retirees"]


class RetireesCondolenceSerializer(serializers.ModelSerializer[Condolence]):
    member_name = serializers.SerializerMethodField(help_text="退休职工姓名（脱敏）")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    payment_status = serializers.SerializerMethodField(help_text="财务支付状态：requested、approved、paid、rejected")

    class Meta:
        model = Condolence
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "reason",
            "event_on",
            "amount",
            "explanation",
            "policy_record_ids",
            "decided_at",
            "payment_status",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Condolence) -> str:
        return mask_name(obj.member.name)

    def get_payment_status(self, obj: Condolence) -> str | None:
        payments = self.context.get("payments")
        payment = payments.get(obj.source) if payments is not None else selectors.payment_of(obj)
        return payment.status if payment is not None else None


class RetireesCondolenceDecideSerializer(serializers.Serializer[Any]):
    member_no = serializers.CharField(max_length=24)
    reason = serializers.ChoiceField(choices=CondolenceReason.choices)
    event_on = serializers.DateField()
    payee_name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


@extend_schema(tags=TAGS)
class CondolenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Condolence]
):
    serializer_class = RetireesCondolenceSerializer
    lookup_url_kwarg = "condolence_id"
    permission_classes = [IsStaff, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[Condolence]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return self.serializer_class.Meta.model.objects.none()  # type: ignore[no-any-return]
        access.require_anywhere(self.request.user, VIEW_RETIREES)
        return selectors.condolence_list(actor=self.request.user, reason=self.request.query_params.get("reason", ""))

    @extend_schema(parameters=[OpenApiParameter("reason", str, required=False, description="illness、death、hardship")])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page) if page is not None else list(self.get_queryset())
        body = RetireesCondolenceSerializer(rows, many=True, context={"payments": selectors.payments_by_source(rows)})
        if page is not None:
            return self.get_paginated_response(body.data)
        return Response(body.data)

    @extend_schema(
        summary="决定慰问金并提交支付",
        request=RetireesCondolenceDecideSerializer,
        responses={201: RetireesCondolenceSerializer, 200: RetireesCondolenceSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RetireesCondolenceDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        member = retiree_by_no(actor=request.user, member_no=values.pop("member_no"), statuses=("retired", "deceased"))
        if member is None:
            raise access.NotVisible
        item, created = services.condolence_decide(actor=request.user, member=member, **values)
        return Response(
            RetireesCondolenceSerializer(item).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


routes: list[tuple[str, Any, str]] = [("retirees/condolences", CondolenceViewSet, "retirees-condolences")]
urlpatterns: list[Any] = []
