"""``GET /api/v1/me/``: the caller's own account, for staff and workers alike."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.accounts.selectors import account_grants
from gonghui.api.query import KnownQueryParameters
from gonghui.authz.models import RoleGrant
from gonghui.common.masking import mask_phone


class MyRoleSerializer(serializers.Serializer[RoleGrant]):
    role = serializers.CharField(source="role.code", help_text="角色代码")
    role_name = serializers.CharField(source="role.display_name", help_text="角色名称")
    unit_id = serializers.IntegerField(help_text="授权所在组织的 id（对其全部下级组织有效）")
    unit_name = serializers.CharField(source="unit.name", help_text="组织名称")


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    username = serializers.SerializerMethodField(help_text="用户名；职工账户的用户名即手机号，同样脱敏")
    name = serializers.CharField(read_only=True, allow_blank=True)
    phone = serializers.SerializerMethodField(help_text="脱敏的手机号，如 138****0001；未登记时为空")
    roles = serializers.SerializerMethodField(help_text="有效的角色授权；职工账户为空列表")

    @extend_schema_field(OpenApiTypes.STR)
    def get_username(self, user: Any) -> str:
        username = str(user.get_username())
        phone = getattr(user, "phone", None)
        return mask_phone(username) if phone and username == phone else username

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, user: Any) -> str:
        return mask_phone(getattr(user, "phone", None))

    @extend_schema_field(MyRoleSerializer(many=True))
    def get_roles(self, user: Any) -> list[dict[str, Any]]:
        grants = account_grants(actor=user)
        return list(MyRoleSerializer(grants, many=True).data)  # type: ignore[arg-type]


class MeView(APIView):
    """The signed-in account (any account: a worker has no roles)."""

    permission_classes = [IsAuthenticated, KnownQueryParameters]

    @extend_schema(operation_id="me_retrieve", responses={200: MeSerializer}, summary="当前账户")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


urlpatterns = [path("me/", MeView.as_view(), name="me")]
