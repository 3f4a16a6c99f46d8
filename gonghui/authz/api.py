"""JSON API of roles and grants, over ``authz.selectors`` / ``authz.services``.

``GET/POST        /api/v1/roles/``                  role definitions (writes need the right at a tree root)
``GET/PUT/PATCH   /api/v1/roles/{id}/``
``GET/POST        /api/v1/grants/``                 grants in the caller's subtree; grant a role
``GET             /api/v1/grants/{id}/``
``POST            /api/v1/grants/{id}/revoke/``     revoke (the row is kept with ``revoked_at``)

A service's ``ValidationError`` becomes a 400 through the project's exception handler (``gonghui.api.exceptions``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access, selectors, services
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES, VIEW_ROLES
from gonghui.common.masking import mask_phone
from gonghui.common.params import INVALID_ID_MESSAGE, IntParamField, int_param
from gonghui.orgs.selectors import unit_get

TAGS = ["authz"]


# --- roles ----------------------------------------------------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer[Role]):
    permissions = serializers.SerializerMethodField(help_text="权限代码，如 orgs.view_unit")

    class Meta:
        model = Role
        fields = ["id", "code", "name", "description", "is_system", "permissions"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, role: Role) -> list[str]:
        return role.permission_names()


class RoleWriteSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=40, required=False, help_text="角色代码，创建时必填，之后不能修改")
    name = serializers.CharField(max_length=40)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    permissions = serializers.ListField(child=serializers.CharField(max_length=80), allow_empty=True)


class RolePatchSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=40, required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    permissions = serializers.ListField(child=serializers.CharField(max_length=80), required=False)


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="角色列表"),
    retrieve=extend_schema(tags=TAGS, summary="角色详情"),
    create=extend_schema(tags=TAGS, summary="新建角色", request=RoleWriteSerializer, responses={201: RoleSerializer}),
    update=extend_schema(tags=TAGS, summary="修改角色", request=RoleWriteSerializer, responses={200: RoleSerializer}),
    partial_update=extend_schema(
        tags=TAGS, summary="修改角色（部分字段）", request=RolePatchSerializer, responses={200: RoleSerializer}
    ),
)
class RoleViewSet(viewsets.GenericViewSet[Role]):
    serializer_class = RoleSerializer
    lookup_url_kwarg = "role_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return selectors.role_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        if not access.check_anywhere(request.user, VIEW_ROLES):
            raise PermissionDenied
        page = self.paginate_queryset(selectors.role_list(actor=request.user))
        return self.get_paginated_response(RoleSerializer(page, many=True).data)

    def retrieve(self, request: Request, role_id: str) -> Response:
        return Response(RoleSerializer(selectors.role_get(actor=request.user, role_id=role_id)).data)

    def create(self, request: Request) -> Response:
        data = RoleWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        if not values.get("code"):
            raise ValidationError({"code": [_("请填写角色代码。")]})
        role = services.role_save(
            actor=request.user,
            role=None,
            code=values["code"],
            name=values["name"],
            description=values["description"],
            permissions=values["permissions"],
        )
        return Response(RoleSerializer(selectors.role_get(actor=request.user, role_id=role.pk)).data, status=201)

    def _save(self, request: Request, role_id: str, *, partial: bool) -> Response:
        role = selectors.role_get(actor=request.user, role_id=role_id)
        data = (RolePatchSerializer if partial else RoleWriteSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        services.role_save(
            actor=request.user,
            role=role,
            code=role.code,
            name=values.get("name", role.name),
            description=values.get("description", role.description),
            permissions=values.get("permissions", role.permission_names()),
        )
        return Response(RoleSerializer(selectors.role_get(actor=request.user, role_id=role.pk)).data)

    def update(self, request: Request, role_id: str) -> Response:
        return self._save(request, role_id, partial=False)

    def partial_update(self, request: Request, role_id: str) -> Response:
        return self._save(request, role_id, partial=True)


# --- grants ---------------------------------------------------------------------------------------------------


class GrantUserSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.SerializerMethodField(help_text="脱敏的手机号，如 138****0001")

    def get_phone(self, user: Any) -> str:
        return mask_phone(user.phone)


class RefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RoleRefSerializer(RefSerializer):
    code = serializers.CharField()


class GrantSerializer(serializers.ModelSerializer[RoleGrant]):
    user = GrantUserSerializer(read_only=True)
    role = RoleRefSerializer(read_only=True)
    unit = RefSerializer(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = RoleGrant
        fields = ["id", "user", "role", "unit", "granted_at", "granted_by", "revoked_at", "revoked_by", "is_active"]
        read_only_fields = fields


class GrantCreateSerializer(serializers.Serializer[Any]):
    user = IntParamField(help_text="工作人员账户 id")
    role = IntParamField(help_text="角色 id")
    unit = IntParamField(help_text="授权所在组织 id（对其全部下级组织有效）")


class GrantQuerySerializer(serializers.Serializer[Any]):
    unit = IntParamField(required=False, help_text="组织 id：该组织及其下级组织的授权")
    role = IntParamField(required=False, help_text="角色 id")
    user = IntParamField(required=False, help_text="用户 id")
    q = serializers.CharField(required=False, max_length=64, help_text="用户名或姓名（包含）")
    include_revoked = serializers.BooleanField(required=False, default=False, help_text="包含已收回的授权")


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="授权列表", parameters=[GrantQuerySerializer]),
    retrieve=extend_schema(tags=TAGS, summary="授权详情"),
    create=extend_schema(
        tags=TAGS, summary="授予角色", request=GrantCreateSerializer, responses={201: GrantSerializer}
    ),
)
class GrantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[RoleGrant]):
    serializer_class = GrantSerializer
    lookup_url_kwarg = "grant_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return selectors.grant_list(actor=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.check_anywhere(request.user, VIEW_ROLES):
            raise PermissionDenied
        query = GrantQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        within = ""
        if params.get("unit"):
            within = unit_get(actor=request.user, unit_id=params["unit"], perm=VIEW_ROLES).path
        qs = selectors.grant_list(
            actor=request.user,
            within_path=within,
            role_id=params.get("role"),
            user_id=params.get("user"),
            user_query=params.get("q", ""),
            include_revoked=params.get("include_revoked", False),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(GrantSerializer(page, many=True).data)

    def retrieve(self, request: Request, grant_id: str) -> Response:
        return Response(GrantSerializer(selectors.grant_get(actor=request.user, grant_id=grant_id)).data)

    def create(self, request: Request) -> Response:
        # The permission check comes first: who may not grant anywhere is refused (403), a unit outside the
        # caller's scope is 404 and a visible one without the right 403, before the body is validated.
        access.require_anywhere(request.user, GRANT_ROLES)
        unit_id = int_param(request.data.get("unit") if hasattr(request.data, "get") else None, min_value=1)
        if unit_id is None:
            raise ValidationError({"unit": [INVALID_ID_MESSAGE]})
        unit = unit_get(actor=request.user, unit_id=unit_id)
        access.require(request.user, GRANT_ROLES, unit)
        data = GrantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        role = selectors.role_list(actor=request.user).filter(pk=values["role"]).first()
        if role is None:
            raise ValidationError({"role": [_("角色不存在。")]})
        # Only accounts the caller may see: unknown, invisible and worker accounts answer alike.
        user = selectors.staff_account_get(actor=request.user, user_id=values["user"])
        if user is None:
            raise ValidationError({"user": [_("没有这个工作人员账户。")]})
        grant = services.grant_create(actor=request.user, user=user, role=role, unit=unit)
        return Response(
            GrantSerializer(selectors.grant_get(actor=request.user, grant_id=grant.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(tags=TAGS, summary="收回授权", request=None, responses={200: GrantSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, grant_id: str) -> Response:
        grant = selectors.grant_get(actor=request.user, grant_id=grant_id)
        services.grant_revoke(actor=request.user, grant=grant)
        return Response(GrantSerializer(selectors.grant_get(actor=request.user, grant_id=grant.pk)).data)


routes = [("roles", RoleViewSet, "roles"), ("grants", GrantViewSet, "grants")]
