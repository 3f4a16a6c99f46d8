"""``/api/v1/finance/audit-findings/``: findings of the funds audit in the caller's scope (read), with their
rectification orders; the audited union replies to an order (``POST .../reply/``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.params import IntParamField
from gonghui.finance.audits import selectors, services
from gonghui.finance.models import AuditFinding, Rectification


class RectificationSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Rectification
        fields: tuple[str, ...] = (
            "id",
            "instructions",
            "issued_on",
            "working_days",
            "due_on",
            "status",
            "status_display",
            "reply",
            "replied_at",
            "decision_comment",
            "decided_at",
            "escalated_at",
        )
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    audit_id = serializers.IntegerField(read_only=True)
    audit_title = serializers.CharField(source="audit.title", read_only=True)
    audited_unit = serializers.CharField(source="audit.audited_unit.name", read_only=True)
    planning_unit = serializers.CharField(source="audit.planning_unit.name", read_only=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)
    rectifications = RectificationSerializer(many=True, read_only=True)

    class Meta:
        model = AuditFinding
        fields: tuple[str, ...] = (
            "id",
            "audit_id",
            "audit_title",
            "audited_unit",
            "planning_unit",
            "number",
            "title",
            "description",
            "severity",
            "severity_display",
            "amount",
            "status",
            "status_display",
            "rectifications",
        )
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    rectification_id = IntParamField()
    reply = serializers.CharField(max_length=8000)


class FindingViewSet(viewsets.GenericViewSet):
    """Findings of the audits the caller sees: the committees over the audited union, and the audited union."""

    serializer_class = FindingSerializer
    lookup_url_kwarg = "finding_id"
    lookup_value_regex = r"\d+"
    conflict_actions = ("reply",)  # the rectification was replied to or decided meanwhile: 409

    def get_queryset(self) -> QuerySet[AuditFinding]:
        return selectors.finding_list(actor=self.request.user).order_by("-audit_id", "number")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(FindingSerializer(page, many=True).data)

    def retrieve(self, request: Request, finding_id: str) -> Response:
        return Response(FindingSerializer(selectors.finding_get(actor=request.user, finding_id=finding_id)).data)

    @extend_schema(request=ReplySerializer, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, finding_id: str) -> Response:
        """The audited union reports how it rectified the finding (evidence files are uploaded in the console)."""
        finding = selectors.finding_get(actor=request.user, finding_id=finding_id)
        services.require_reply(request.user, finding.audit)
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        rect = finding.rectifications.filter(pk=data["rectification_id"]).first()
        if rect is None:
            raise serializers.ValidationError({"rectification_id": ["该问题没有这份整改通知。"]})
        services.rectification_reply(actor=access.require_user(request.user), rectification=rect, reply=data["reply"])
        return Response(FindingSerializer(selectors.finding_get(actor=request.user, finding_id=finding.pk)).data)


routes = [("finance/audit-findings", FindingViewSet, "finance-audit-finding")]
