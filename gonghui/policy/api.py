"""JSON API of policy: declared keys, values in force at a unit, and the records (versions) behind them.

``GET  /api/v1/policy/keys/``                            declared keys (type, default, bounds)
``GET  /api/v1/policy/effective/?unit=&on=[&key=]``       values in force at a unit on a date (default: the
                                                          highest unit where the user may view policy)
``GET  /api/v1/policy/records/?unit=&key=``               records (paginated; scoped)
``GET  /api/v1/policy/records/<record_id>/``              one record
``POST /api/v1/policy/records/``                          add a version (``policy_set``)
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.common.params import ID_SCHEMA, IntParamField
from gonghui.orgs.models import OrgUnit
from gonghui.policy import registry
from gonghui.policy.models import PolicyRecord
from gonghui.policy.registry import PolicyType
from gonghui.policy.selectors import (
    Resolved,
    policy_effective_get,
    policy_effective_list,
    policy_home_unit,
    policy_key_list,
    policy_record_get,
    policy_record_list,
    policy_today,
    policy_unit_get,
)
from gonghui.policy.services import policy_set

TAGS = ["policy"]
SOURCES = [("own", _("本级设置")), ("inherited", _("继承上级")), ("default", _("系统默认值"))]


@extend_schema_field(OpenApiTypes.ANY)
class AnyValueField(serializers.JSONField):
    """A policy value in its stored JSON form: number, string (decimals, percents, dates), bool or JSON."""


class PolicyChoiceOptionSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class PolicyKeySerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    section = serializers.CharField()
    type = serializers.ChoiceField(choices=[t.value for t in PolicyType])
    default = AnyValueField()
    default_display = serializers.CharField()
    unit = serializers.CharField(help_text=_("计量单位，如“元”“个工作日”"))
    help = serializers.CharField()
    min_value = AnyValueField(allow_null=True)
    max_value = AnyValueField(allow_null=True)
    places = serializers.IntegerField(allow_null=True)
    choices = PolicyChoiceOptionSerializer(many=True)


class PolicyUnitRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PolicyResolvedSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    type = serializers.ChoiceField(choices=[t.value for t in PolicyType])
    value = AnyValueField()
    display = serializers.CharField()
    source = serializers.ChoiceField(choices=SOURCES)  # type: ignore[assignment]
    record = serializers.IntegerField(allow_null=True, help_text=_("生效的政策记录编号；为空表示系统默认值"))
    unit = PolicyUnitRefSerializer(allow_null=True, help_text=_("发布生效记录的组织"))
    effective_from = serializers.DateField(allow_null=True)
    explain = serializers.CharField()


class PolicyEffectiveSerializer(serializers.Serializer[Any]):
    unit = PolicyUnitRefSerializer()
    on = serializers.DateField()
    values = PolicyResolvedSerializer(many=True)


class PolicyEffectiveQuerySerializer(serializers.Serializer[Any]):
    unit = IntParamField(required=False)
    on = serializers.DateField(required=False)
    key = serializers.CharField(required=False, max_length=registry.KEY_MAX_LENGTH)

    def validate_key(self, value: str) -> str:
        if not registry.is_defined(value):
            raise ValidationError(_("未定义的政策参数。"))
        return value


class PolicyRecordQuerySerializer(serializers.Serializer[Any]):
    unit = IntParamField(required=False)
    key = serializers.CharField(required=False, max_length=registry.KEY_MAX_LENGTH)

    def validate_key(self, value: str) -> str:
        if not registry.is_defined(value):
            raise ValidationError(_("未定义的政策参数。"))
        return value


class PolicyRecordSerializer(serializers.ModelSerializer[PolicyRecord]):
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    value = AnyValueField(read_only=True)
    display = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PolicyRecord
        fields = [
            "id",
            "key",
            "label",
            "unit",
            "unit_name",
            "value",
            "display",
            "effective_from",
            "note",
            "supersedes",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_label(self, obj: PolicyRecord) -> str:
        return str(obj.definition.label)

    def get_display(self, obj: PolicyRecord) -> str:
        return obj.display_value

    def get_created_by_name(self, obj: PolicyRecord) -> str:
        return str(obj.created_by) if obj.created_by is not None else ""


class PolicyRecordCreateSerializer(serializers.Serializer[Any]):
    unit = IntParamField(help_text=_("发布组织编号"))
    key = serializers.CharField(max_length=registry.KEY_MAX_LENGTH)
    value = AnyValueField(
        help_text=_('取值：整数、数字字符串（金额如 "600.00"）、比例（"0.02" 或 "2%"）、布尔、日期等')
    )
    effective_from = serializers.DateField(help_text=_("生效日期，不能早于今天（北京时间）"))
    note = serializers.CharField(max_length=200, help_text=_("依据文件（发文字号）或调整说明"))


def _resolved_data(resolved: Resolved, unit: OrgUnit) -> dict[str, Any]:
    definition = resolved.definition
    return {
        "key": resolved.key,
        "label": str(definition.label),
        "type": str(definition.type),
        "value": definition.dump(resolved.value),
        "display": resolved.display,
        "source": resolved.source(unit),
        "record": resolved.record.pk if resolved.record is not None else None,
        "unit": {"id": resolved.unit.pk, "name": resolved.unit.name} if resolved.unit is not None else None,
        "effective_from": resolved.effective_from,
        "explain": resolved.explain(),
    }


class PolicyKeyListView(APIView):
    @extend_schema(tags=TAGS, summary=_("已定义的政策参数"), responses=PolicyKeySerializer(many=True))
    def get(self, request: Request) -> Response:
        keys = policy_key_list(actor=request.user)
        return Response(PolicyKeySerializer([k.describe() for k in keys], many=True).data)


def _defined_keys() -> list[str]:
    """Every declared policy key (apps declare theirs in ``ready()``, before the URLconf imports this module):
    the schema names them, so a schema-driven client never sends a key the API refuses."""
    return [definition.key for definition in registry.all_keys()]


class PolicyEffectiveView(APIView):
    @extend_schema(
        tags=TAGS,
        summary=_("组织在某日执行的政策参数"),
        parameters=[
            OpenApiParameter(
                "unit",
                ID_SCHEMA,
                description=_("组织编号；默认为您可查看政策参数的最高一级组织"),
            ),
            OpenApiParameter("on", OpenApiTypes.DATE, description=_("查询日期，默认今天（北京时间）")),
            OpenApiParameter("key", OpenApiTypes.STR, enum=_defined_keys(), description=_("只查询一个参数")),
        ],
        responses=PolicyEffectiveSerializer,
    )
    def get(self, request: Request) -> Response:
        query = PolicyEffectiveQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if "unit" in params:
            unit = policy_unit_get(actor=request.user, unit_id=params["unit"])
        else:
            home = policy_home_unit(actor=request.user)
            if home is None:
                raise PermissionDenied(_("您没有查看政策参数的权限。"))
            unit = home
        on = params.get("on") or policy_today()
        if params.get("key"):
            values = [policy_effective_get(actor=request.user, unit=unit, key=params["key"], on=on)]
        else:
            values = policy_effective_list(actor=request.user, unit=unit, on=on)
        data = {
            "unit": {"id": unit.pk, "name": unit.name},
            "on": on,
            "values": [_resolved_data(r, unit) for r in values],
        }
        return Response(PolicyEffectiveSerializer(data).data)


class PolicyRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[PolicyRecord]):
    serializer_class = PolicyRecordSerializer
    lookup_url_kwarg = "record_id"
    lookup_value_regex = r"\d+"
    queryset = PolicyRecord.objects.none()

    @extend_schema(
        tags=TAGS,
        summary=_("政策参数记录（版本）"),
        parameters=[
            OpenApiParameter(
                "unit",
                ID_SCHEMA,
                description=_("只列出约束该组织的记录（本级及上级发布）"),
            ),
            OpenApiParameter("key", OpenApiTypes.STR, enum=_defined_keys(), description=_("参数代码")),
        ],
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = PolicyRecordQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unit = policy_unit_get(actor=request.user, unit_id=params["unit"]) if "unit" in params else None
        records = policy_record_list(actor=request.user, unit=unit, key=params.get("key", ""))
        page = self.paginate_queryset(records)
        serializer = self.get_serializer(page if page is not None else records, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    @extend_schema(
        tags=TAGS,
        summary=_("一条政策参数记录"),
        parameters=[OpenApiParameter("record_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = policy_record_get(actor=request.user, record_id=kwargs.get(self.lookup_url_kwarg, ""))
        return Response(self.get_serializer(record).data)

    @extend_schema(
        tags=TAGS,
        summary=_("新增政策参数版本"),
        request=PolicyRecordCreateSerializer,
        responses={status.HTTP_201_CREATED: PolicyRecordSerializer},
    )
    def create(self, request: Request) -> Response:
        payload = PolicyRecordCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        unit = policy_unit_get(actor=request.user, unit_id=data["unit"])
        record = policy_set(
            actor=request.user,
            key=data["key"],
            unit=unit,
            value=data["value"],
            effective_from=data["effective_from"],
            note=data["note"],
        )
        return Response(PolicyRecordSerializer(record).data, status=status.HTTP_201_CREATED)


routes = [("policy/records", PolicyRecordViewSet, "policy-record")]

urlpatterns = [
    path("policy/keys/", PolicyKeyListView.as_view(), name="policy-keys"),
    path("policy/effective/", PolicyEffectiveView.as_view(), name="policy-effective"),
]
