"""JSON API of the audit log (read-only).

``GET /api/v1/audit-events/``        events in the caller's subtree, filterable, newest first (``ordering=at`` for
                                     oldest first)
``GET /api/v1/audit-events/{id}/``   one event with its changes, data and hashes
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.audit.labels import action_label
from gonghui.audit.models import AuditEvent
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.audit.selectors import audit_event_get, audit_event_list
from gonghui.authz import access
from gonghui.common.params import IntParamField

TAGS = ["audit"]


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    action_label = serializers.SerializerMethodField(help_text="操作的中文名称")
    unit_name = serializers.SerializerMethodField(help_text="所属组织名称；全平台事件为空")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_repr",
            "action",
            "action_label",
            "target_type",
            "target_id",
            "target_repr",
            "unit",
            "unit_name",
            "changes",
            "data",
            "request_id",
            "ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields

    def get_action_label(self, event: AuditEvent) -> str:
        return action_label(event.action)

    def get_unit_name(self, event: AuditEvent) -> str:
        return event.unit.name if event.unit is not None else ""


class AuditEventQuerySerializer(serializers.Serializer[Any]):
    unit = IntParamField(required=False, help_text="组织 id（只含该组织本身的事件）")
    action = serializers.CharField(
        required=False, max_length=80, help_text="操作代码或前缀，如 orgs. 或 orgs.unit_move"
    )
    target_type = serializers.CharField(required=False, max_length=80, help_text="对象类型，如 orgs.orgunit")
    target_id = serializers.CharField(required=False, max_length=64)
    actor = serializers.CharField(required=False, max_length=120, help_text="操作人姓名或用户名（包含）")
    since = serializers.DateField(required=False, help_text="开始日期（北京时间，含）")
    until = serializers.DateField(required=False, help_text="结束日期（北京时间，含）")
    ordering = serializers.ChoiceField(required=False, choices=["at", "-at"], default="-at")


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="审计事件列表", parameters=[AuditEventQuerySerializer]),
    retrieve=extend_schema(tags=TAGS, summary="审计事件详情"),
)
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[AuditEvent]):
    serializer_class = AuditEventSerializer
    lookup_url_kwarg = "event_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> Any:
        return audit_event_list(actor=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.check_anywhere(request.user, VIEW_EVENTS):
            raise PermissionDenied
        query = AuditEventQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        qs = audit_event_list(
            actor=request.user,
            unit_id=params.get("unit"),
            action=params.get("action", ""),
            target_type=params.get("target_type", ""),
            target_id=params.get("target_id", ""),
            actor_query=params.get("actor", ""),
            since=params.get("since"),
            until=params.get("until"),
        ).order_by("id" if params.get("ordering") == "at" else "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = audit_event_get(actor=request.user, event_id=kwargs["event_id"])
        return Response(self.get_serializer(event).data)


routes = [("audit-events", AuditEventViewSet, "audit-events")]
