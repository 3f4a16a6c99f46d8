"""``/api/v1/transfers/``: transfers in and out of the caller's scope, with the release / accept / reject / cancel
actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.params import IntParamField, body_id
from gonghui.members.joining.api import UnitRefSerializer
from gonghui.members.models import Transfer, TransferStatus
from gonghui.members.permissions import TRANSFER_MEMBER
from gonghui.members.transfers import selectors, services


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
    member = IntParamField(help_text="会员 id")
    to_unit = IntParamField(help_text="转入工会（见 /api/v1/transfers/units/?q=）")
    reason = serializers.CharField(max_length=200)


class TransferUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TransferQuerySerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["in", "out"], required=False)
    status = serializers.ChoiceField(choices=[*TransferStatus.values, "open"], required=False)
    q = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="会员编号或姓名关键词")


class TransferViewSet(viewsets.GenericViewSet):
    """Transfers out of or into unions in the caller's scope; staff of the member's union start one, the old
    union releases, the new one accepts."""

    serializer_class = TransferSerializer
    lookup_url_kwarg = "transfer_id"
    lookup_value_regex = r"\d+"
    # A transfer moved meanwhile (released, decided or cancelled by someone else): 409 (gonghui.api.schema).
    conflict_actions = ("release", "accept", "reject", "cancel")

    def get_queryset(self) -> QuerySet[Transfer]:
        query = TransferQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        return selectors.transfer_list(
            actor=self.request.user,
            direction=params.get("direction", ""),
            status=params.get("status", ""),
            q=params.get("q", ""),
        )

    @extend_schema(parameters=[TransferQuerySerializer])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TransferSerializer(page, many=True).data)

    def retrieve(self, request: Request, transfer_id: str) -> Response:
        return Response(TransferSerializer(selectors.transfer_get(actor=request.user, transfer_id=transfer_id)).data)

    @extend_schema(request=TransferCreateSerializer, responses={201: TransferSerializer})
    def create(self, request: Request) -> Response:
        # The member first: not visible 404, no right to transfer at their union 403, before the body's 400.
        member = selectors.transfer_member_get(actor=request.user, member_id=body_id(request.data, "member"))
        serializer = TransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        to_unit = selectors.transfer_unit_get(unit_id=data["to_unit"])
        if to_unit is None:
            raise DjangoValidationError({"to_unit": _("请选择转入的工会。")})
        transfer = services.transfer_request(
            actor=access.require_user(request.user), member=member, to_unit=to_unit, reason=data["reason"]
        )
        return Response(
            TransferSerializer(selectors.transfer_get(actor=request.user, transfer_id=transfer.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="工会名称或统一社会信用代码（至少两个字）")],
        responses={200: TransferUnitSerializer(many=True)},
    )
    # A capped list of suggestions (names only), not a pageable collection: a bare array, as the schema says.
    @action(detail=False, methods=["get"], pagination_class=None)
    def units(self, request: Request) -> Response:
        """Receiving unions across the platform (names only), for the caller holding ``members.transfer_member``."""
        found = selectors.transfer_unit_search(actor=request.user, q=request.query_params.get("q", ""))
        return Response(TransferUnitSerializer([{"id": u.pk, "name": u.name} for u in found], many=True).data)

    def _act(self, request: Request, transfer_id: str, fn: Callable[..., Transfer]) -> Response:
        transfer = selectors.transfer_get(actor=request.user, transfer_id=transfer_id)
        # Staff with no transfer right on either side are refused (403) before the comment is validated; each
        # action's own side is checked by its service.
        if not any(access.check(request.user, TRANSFER_MEMBER, u) for u in (transfer.from_unit, transfer.to_unit)):
            raise access.Forbidden()
        serializer = TransferActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fn(actor=access.require_user(request.user), transfer=transfer, comment=serializer.validated_data["comment"])
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


routes = [
    ("transfers", TransferViewSet, "transfer"),
]
