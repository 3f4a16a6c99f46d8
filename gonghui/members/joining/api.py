"""``/api/v1/join-applications/``, ``/api/v1/transfers/`` (scoped, with the transfer actions) and the public
``/api/v1/member-cards/verify/{token}/``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.members import selectors_joining as selectors
from gonghui.members import services_joining as services
from gonghui.members.models import JoinApplication, JoinStatus, Transfer, TransferStatus
from gonghui.orgs.models import OrgUnit


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class JoinApplicationSerializer(serializers.ModelSerializer):
    target_unit = UnitRefSerializer(read_only=True)
    member_unit = UnitRefSerializer(read_only=True, allow_null=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, allow_null=True, default=None)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    id_number = serializers.CharField(source="id_masked", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = JoinApplication
        fields: tuple[str, ...] = (
            "id",
            "name",
            "gender",
            "id_type",
            "id_number",
            "phone",
            "employer",
            "employer_name",
            "gig_type",
            "gig_platform",
            "work_region",
            "target_unit",
            "member_unit",
            "status",
            "status_display",
            "review_case",
            "review_comment",
            "member",
            "submitted_at",
            "decided_at",
        )
        read_only_fields = fields


class AssignApproveSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="接收的工会（受理工会下属的基层、联合、产业工会或分工会）")
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class JoinApplicationViewSet(viewsets.GenericViewSet):
    """Join applications to unions in the caller's ``members.view_member`` scope."""

    serializer_class = JoinApplicationSerializer
    lookup_url_kwarg = "application_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[JoinApplication]:
        params = self.request.query_params
        return selectors.join_list(actor=self.request.user, status=params.get("status", ""), q=params.get("q", ""))

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=JoinStatus.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="姓名关键词"),
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(JoinApplicationSerializer(page, many=True).data)

    def retrieve(self, request: Request, application_id: str) -> Response:
        application = selectors.join_get(actor=request.user, application_id=application_id)
        return Response(JoinApplicationSerializer(application).data)

    @extend_schema(request=AssignApproveSerializer, responses={200: JoinApplicationSerializer})
    @action(detail=True, methods=["post"], url_path="assign-approve")
    def assign_approve(self, request: Request, application_id: str) -> Response:
        """An application waiting in a federation's queue: choose the union the applicant joins, and approve."""
        application = selectors.join_get(actor=request.user, application_id=application_id)
        serializer = AssignApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = OrgUnit.objects.filter(pk=serializer.validated_data["unit"]).first()
        if unit is None:
            raise DjangoValidationError({"unit": _("请选择接收的工会。")})
        services.join_approve_assign(
            actor=request.user, application=application, unit=unit, comment=serializer.validated_data["comment"]
        )
        return Response(
            JoinApplicationSerializer(selectors.join_get(actor=request.user, application_id=application.pk)).data
        )


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    from_unit = UnitRefSerializer(read_only=True)
    to_unit = UnitRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Transfer
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_name",
            "member_no",
            "from_unit",
            "to_unit",
            "to_employer",
            "reason",
            "by_member",
            "status",
            "status_display",
            "requested_at",
            "released_at",
            "decided_at",
            "comment",
        )
        read_only_fields = fields


class TransferActionSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class TransferCreateSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    to_unit = serializers.IntegerField(help_text="转入工会（见 /api/v1/transfers/units/?q=）")
    reason = serializers.CharField(max_length=200)


class TransferUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TransferViewSet(viewsets.GenericViewSet):
    """Transfers out of or into unions in the caller's scope; staff of the member's union start one, the old
    union releases, the new one accepts."""

    serializer_class = TransferSerializer
    lookup_url_kwarg = "transfer_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Transfer]:
        params = self.request.query_params
        return selectors.transfer_list(
            actor=self.request.user,
            direction=params.get("direction", ""),
            status=params.get("status", ""),
            q=params.get("q", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", OpenApiTypes.STR, enum=["in", "out"]),
            OpenApiParameter("status", OpenApiTypes.STR, enum=[*TransferStatus.values, "open"]),
            OpenApiParameter("q", OpenApiTypes.STR, description="会员编号或姓名关键词"),
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TransferSerializer(page, many=True).data)

    def retrieve(self, request: Request, transfer_id: str) -> Response:
        return Response(TransferSerializer(selectors.transfer_get(actor=request.user, transfer_id=transfer_id)).data)

    @extend_schema(request=TransferCreateSerializer, responses={201: TransferSerializer})
    def create(self, request: Request) -> Response:
        serializer = TransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = selectors.transfer_member_get(actor=request.user, member_id=data["member"])
        to_unit = selectors.transfer_unit_get(unit_id=data["to_unit"])
        if to_unit is None:
            raise DjangoValidationError({"to_unit": _("请选择转入的工会。")})
        transfer = services.transfer_request(actor=request.user, member=member, to_unit=to_unit, reason=data["reason"])
        return Response(
            TransferSerializer(selectors.transfer_get(actor=request.user, transfer_id=transfer.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="工会名称或统一社会信用代码（至少两个字）")],
        responses={200: TransferUnitSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def units(self, request: Request) -> Response:
        """Receiving unions across the platform (names only), for the caller holding ``members.transfer_member``."""
        found = selectors.transfer_unit_search(actor=request.user, q=request.query_params.get("q", ""))
        return Response(TransferUnitSerializer([{"id": u.pk, "name": u.name} for u in found], many=True).data)

    def _act(self, request: Request, transfer_id: str, fn: Any) -> Response:
        transfer = selectors.transfer_get(actor=request.user, transfer_id=transfer_id)
        serializer = TransferActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fn(actor=request.user, transfer=transfer, comment=serializer.validated_data["comment"])
        return Response(TransferSerializer(selectors.transfer_get(actor=request.user, transfer_id=transfer.pk)).data)

    @extend_schema(request=TransferActionSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, transfer_id: str) -> Response:
        return self._act(request, transfer_id, services.transfer_release)

    @extend_schema(request=TransferActionSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, transfer_id: str) -> Response:
        return self._act(request, transfer_id, services.transfer_accept)

    @extend_schema(request=TransferActionSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, transfer_id: str) -> Response:
        return self._act(request, transfer_id, services.transfer_reject)

    @extend_schema(request=TransferActionSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, transfer_id: str) -> Response:
        return self._act(request, transfer_id, services.transfer_cancel)


class CardVerificationSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["valid", "revoked", "invalid"])
    masked_name = serializers.CharField(allow_blank=True)
    union = serializers.CharField(allow_blank=True)
    issued = serializers.CharField(allow_blank=True)


class CardVerifyView(APIView):
    """Public: check a member-card token (the QR code's content). Says only valid / revoked / invalid, with the
    masked name and union of a genuine card."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: CardVerificationSerializer}, operation_id="member_cards_verify")
    def get(self, request: Request, token: str) -> Response:
        result = selectors.card_verify(token=token)
        data = {
            "state": result.state,
            "masked_name": result.masked_name,
            "union": result.union,
            "issued": result.issued,
        }
        return Response(CardVerificationSerializer(data).data)


routes = [
    ("join-applications", JoinApplicationViewSet, "join-application"),
    ("transfers", TransferViewSet, "transfer"),
]
urlpatterns = [
    path("member-cards/verify/<str:token>/", CardVerifyView.as_view(), name="member-card-verify"),
]
