"""JSON API of the org tree and employers, over ``orgs.selectors`` / ``orgs.services``.

``GET/POST   /api/v1/units/``                    units in the caller's scope (filters as on the console page);
                                                 POST creates a sub-unit under ``parent``
``GET/PATCH  /api/v1/units/{id}/``
``POST       /api/v1/units/{id}/move/``          ``{"new_parent": id}``
``POST       /api/v1/units/{id}/merge/``         ``{"target": id, "on": date?}``
``POST       /api/v1/units/{id}/dissolve/``      ``{"reason": "...", "on": date?}``
``GET        /api/v1/units/{id}/children/``      direct sub-units (paginated)
``GET        /api/v1/units/{id}/history/``       the unit's audit events, newest first (paginated)
``GET/POST   /api/v1/employers/``, ``GET/PATCH /api/v1/employers/{id}/``
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.fields import ChoiceLabelField
from gonghui.audit.api import AuditEventSerializer
from gonghui.audit.selectors import audit_history
from gonghui.authz import access
from gonghui.common.params import IntParamField
from gonghui.orgs import codes, selectors, services
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.permissions import VIEW_UNIT

TAGS_UNITS = ["orgs"]
SORTS = ["path", "-path", "name", "-name", "kind", "-kind"]


class UnitKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=UnitKind.choices, **kwargs)


class UnitStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=UnitStatus.choices, **kwargs)


class _NamedEnumExtension(OpenApiSerializerFieldExtension):
    """Publish the unit kind and status choices as named schema components (``UnitKindEnum``, ``UnitStatusEnum``)
    so that they do not collide with other apps' ``kind`` / ``status`` enums."""

    enum_name = ""
    choices: Any = None

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        labels = "；".join(f"{value}: {label}" for value, label in self.choices.choices)
        component = ResolvedComponent(
            name=self.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=self.enum_name,
            schema={"type": "string", "enum": list(self.choices.values), "description": labels},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class UnitKindFieldExtension(_NamedEnumExtension):
    target_class = UnitKindField
    enum_name = "UnitKindEnum"
    choices = UnitKind


class UnitStatusFieldExtension(_NamedEnumExtension):
    target_class = UnitStatusField
    enum_name = "UnitStatusEnum"
    choices = UnitStatus


def _region_name(code: str) -> str:
    region = codes.region_get(code) if code else None
    return region.full_name if region is not None else ""


def _industry_name(code: str) -> str:
    industry = codes.industry_get(code) if code else None
    return industry.name if industry is not None else ""


class UnitSerializer(serializers.ModelSerializer[OrgUnit]):
    # DRF pops declared fields off the class; the stubs see ``Field.parent`` (the enclosing serializer).
    parent = serializers.SerializerMethodField(help_text="上级组织 id；顶级组织为空")  # type: ignore[assignment]
    kind = UnitKindField(read_only=True)
    status = UnitStatusField(read_only=True)
    kind_display = ChoiceLabelField(source="kind")
    status_display = ChoiceLabelField(source="status")
    region_name = serializers.SerializerMethodField(help_text="行政区划全称，如 浙江省杭州市西湖区")
    industry_name = serializers.SerializerMethodField(help_text="行业名称（GB/T 4754）")

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "parent",
            "depth",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "region_code",
            "region_name",
            "industry_code",
            "industry_name",
            "credit_code",
            "legal_cert_no",
            "founded_on",
            "term_start",
            "term_end",
            "merged_into",
            "dissolved_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, unit: OrgUnit) -> int | None:
        if unit.depth <= 1:
            return None
        parents: dict[str, int] = self.context.get("parents") or {}
        parent_path = unit.path[: -OrgUnit.steplen]
        if parent_path not in parents:
            parents.update(selectors.unit_parent_ids([unit]))
        return parents.get(parent_path)

    def get_region_name(self, unit: OrgUnit) -> str:
        return _region_name(unit.region_code)

    def get_industry_name(self, unit: OrgUnit) -> str:
        return _industry_name(unit.industry_code)


class UnitFieldsSerializer(serializers.Serializer[Any]):
    """The editable fields of a unit; the service validates codes, kinds and dates (errors in Chinese)."""

    name = serializers.CharField(max_length=120, required=False)
    short_name = serializers.CharField(max_length=40, required=False, allow_blank=True)
    kind = UnitKindField(required=False)
    region_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    industry_code = serializers.CharField(max_length=2, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    legal_cert_no = serializers.CharField(max_length=40, required=False, allow_blank=True)
    founded_on = serializers.DateField(required=False, allow_null=True)
    term_start = serializers.DateField(required=False, allow_null=True)
    term_end = serializers.DateField(required=False, allow_null=True)


class UnitCreateSerializer(UnitFieldsSerializer):
    parent = IntParamField(help_text="上级组织 id")  # type: ignore[assignment]
    name = serializers.CharField(max_length=120)
    kind = UnitKindField()


class UnitQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, max_length=120, help_text="名称、简称（包含）或统一社会信用代码")
    kind = UnitKindField(required=False)
    status = UnitStatusField(required=False)
    region_code = serializers.RegexField(
        r"^\d{1,6}$", required=False, help_text="行政区划代码或前缀：330000 为全省，330100 为杭州市"
    )
    within = IntParamField(required=False, help_text="只列出该组织及其下级组织")
    sort = serializers.ChoiceField(required=False, choices=SORTS, default="path")


class MoveSerializer(serializers.Serializer[Any]):
    new_parent = IntParamField(help_text="新的上级组织 id")


class MergeSerializer(serializers.Serializer[Any]):
    target = IntParamField(help_text="并入的组织 id")
    on = serializers.DateField(required=False, allow_null=True, help_text="合并日期，默认为今天")


class DissolveSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="撤销原因")
    on = serializers.DateField(required=False, allow_null=True, help_text="撤销日期，默认为今天")


@extend_schema_view(
    list=extend_schema(tags=TAGS_UNITS, summary="组织列表", parameters=[UnitQuerySerializer]),
    retrieve=extend_schema(tags=TAGS_UNITS, summary="组织详情"),
    create=extend_schema(
        tags=TAGS_UNITS, summary="新建下级组织", request=UnitCreateSerializer, responses={201: UnitSerializer}
    ),
    partial_update=extend_schema(
        tags=TAGS_UNITS, summary="修改组织信息", request=UnitFieldsSerializer, responses={200: UnitSerializer}
    ),
)
class UnitViewSet(viewsets.GenericViewSet[OrgUnit]):
    serializer_class = UnitSerializer
    lookup_url_kwarg = "unit_id"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.unit_list(actor=self.request.user)

    def _page(self, qs: Any) -> Response:
        page = self.paginate_queryset(qs)
        units = list(page) if page is not None else list(qs)
        data = UnitSerializer(units, many=True, context={"parents": selectors.unit_parent_ids(units)}).data
        return self.get_paginated_response(data)

    def _one(self, unit: OrgUnit, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.unit_get(actor=self.request.user, unit_id=unit.pk)
        return Response(
            UnitSerializer(fresh, context={"parents": selectors.unit_parent_ids([fresh])}).data, status=code
        )

    def list(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_UNIT)
        query = UnitQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        within = selectors.unit_get(actor=request.user, unit_id=params["within"]) if params.get("within") else None
        qs = selectors.unit_list(
            actor=request.user,
            within=within,
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            status=params.get("status", ""),
            region_code=params.get("region_code", ""),
            sort=params.get("sort", "path"),
        )
        return self._page(qs)

    def retrieve(self, request: Request, unit_id: str) -> Response:
        return self._one(selectors.unit_get(actor=request.user, unit_id=unit_id))

    def create(self, request: Request) -> Response:
        data = UnitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        parent = selectors.unit_get(actor=request.user, unit_id=values.pop("parent"))
        unit = services.unit_create(actor=request.user, parent=parent, **values)
        return self._one(unit, code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, unit_id: str) -> Response:
        unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
        data = UnitFieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        unit = services.unit_update(actor=request.user, unit=unit, **dict(data.validated_data))
        return self._one(unit)

    @extend_schema(tags=TAGS_UNITS, summary="迁移组织", request=MoveSerializer, responses={200: UnitSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, unit_id: str) -> Response:
        unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new_parent = selectors.unit_get(actor=request.user, unit_id=data.validated_data["new_parent"])
        unit = services.unit_move(actor=request.user, unit=unit, new_parent=new_parent)
        return self._one(unit)

    @extend_schema(
        tags=TAGS_UNITS,
        summary="合并组织",
        description="把该组织并入 target：下级组织和用人单位迁到 target，该组织标记为已撤销。返回 target。",
        request=MergeSerializer,
        responses={200: UnitSerializer},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, unit_id: str) -> Response:
        source = selectors.unit_get(actor=request.user, unit_id=unit_id)
        data = MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = selectors.unit_get(actor=request.user, unit_id=data.validated_data["target"])
        merged = services.unit_merge(actor=request.user, source=source, target=target, on=data.validated_data.get("on"))
        return self._one(merged)

    @extend_schema(tags=TAGS_UNITS, summary="撤销组织", request=DissolveSerializer, responses={200: UnitSerializer})
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, unit_id: str) -> Response:
        unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
        data = DissolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_dissolve(
            actor=request.user, unit=unit, reason=data.validated_data["reason"], on=data.validated_data.get("on")
        )
        return self._one(unit)

    @extend_schema(tags=TAGS_UNITS, summary="下级组织", responses={200: UnitSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def children(self, request: Request, unit_id: str) -> Response:
        unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
        return self._page(selectors.unit_children(actor=request.user, unit=unit))

    @extend_schema(tags=TAGS_UNITS, summary="变更历史", responses={200: AuditEventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, unit_id: str) -> Response:
        unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
        events = audit_history(actor=request.user, target_type=OrgUnit._meta.label_lower, target_id=unit.pk)
        assert self.paginator is not None
        page = self.paginator.paginate_queryset(events, request, view=self)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)


# --- employers ------------------------------------------------------------------------------------------------


class EmployerSerializer(serializers.ModelSerializer[Employer]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    region_name = serializers.SerializerMethodField()
    industry_name = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = [
            "id",
            "unit",
            "unit_name",
            "name",
            "credit_code",
            "industry_code",
            "industry_name",
            "region_code",
            "region_name",
            "staff_count",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_region_name(self, employer: Employer) -> str:
        return _region_name(employer.region_code)

    def get_industry_name(self, employer: Employer) -> str:
        return _industry_name(employer.industry_code)


class EmployerFieldsSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120, required=False)
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    industry_code = serializers.CharField(max_length=2, required=False, allow_blank=True)
    region_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    staff_count = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False)
    is_active = serializers.BooleanField(required=False)


class EmployerCreateSerializer(EmployerFieldsSerializer):
    unit = IntParamField(help_text="所属工会 id")
    name = serializers.CharField(max_length=120)


class EmployerQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, max_length=120, help_text="单位名称（包含）或统一社会信用代码")
    unit = IntParamField(required=False, help_text="只列出该组织及其下级组织的用人单位")


@extend_schema_view(
    list=extend_schema(tags=TAGS_UNITS, summary="用人单位列表", parameters=[EmployerQuerySerializer]),
    retrieve=extend_schema(tags=TAGS_UNITS, summary="用人单位详情"),
    create=extend_schema(
        tags=TAGS_UNITS, summary="新增用人单位", request=EmployerCreateSerializer, responses={201: EmployerSerializer}
    ),
    partial_update=extend_schema(
        tags=TAGS_UNITS, summary="修改用人单位", request=EmployerFieldsSerializer, responses={200: EmployerSerializer}
    ),
)
class EmployerViewSet(viewsets.GenericViewSet[Employer]):
    serializer_class = EmployerSerializer
    lookup_url_kwarg = "employer_id"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.employer_list(actor=self.request.user)

    def _one(self, employer: Employer, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.employer_get(actor=self.request.user, employer_id=employer.pk)
        return Response(EmployerSerializer(fresh).data, status=code)

    def list(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_UNIT)
        query = EmployerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        within = selectors.unit_get(actor=request.user, unit_id=params["unit"]) if params.get("unit") else None
        page = self.paginate_queryset(selectors.employer_list(actor=request.user, unit=within, q=params.get("q", "")))
        return self.get_paginated_response(EmployerSerializer(page, many=True).data)

    def retrieve(self, request: Request, employer_id: str) -> Response:
        return Response(EmployerSerializer(selectors.employer_get(actor=request.user, employer_id=employer_id)).data)

    def create(self, request: Request) -> Response:
        data = EmployerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        unit = selectors.unit_get(actor=request.user, unit_id=values.pop("unit"))
        values.pop("is_active", None)
        employer = services.employer_create(actor=request.user, unit=unit, **values)
        return self._one(employer, code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, employer_id: str) -> Response:
        employer = selectors.employer_get(actor=request.user, employer_id=employer_id)
        data = EmployerFieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        employer = services.employer_update(actor=request.user, employer=employer, **dict(data.validated_data))
        return self._one(employer)


routes = [("units", UnitViewSet, "units"), ("employers", EmployerViewSet, "employers")]
