"""``/api/v1/join-applications/``: join applications in the caller's scope (choosing the union of an unrouted
application on approval)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.params import IntParamField
from gonghui.members.joining import selectors, services
from gonghui.members.models import JoinApplication, JoinStatus
from gonghui.members.permissions import APPROVE_JOIN
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
    unit = IntParamField(help_text="接收的工会（受理工会下属的基层、联合、产业工会或分工会）")
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class JoinQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=JoinStatus.choices, required=False)
    q = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="姓名关键词")


class JoinApplicationViewSet(viewsets.GenericViewSet):
    """Join applications to unions in the caller's ``members.view_member`` scope."""

    serializer_class = JoinApplicationSerializer
    lookup_url_kwarg = "application_id"
    lookup_value_regex = r"\d+"
    conflict_actions = ("assign_approve",)  # the application moved meanwhile: 409 (gonghui.api.schema)

    def get_queryset(self) -> QuerySet[JoinApplication]:
        query = JoinQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        return selectors.join_list(actor=self.request.user, status=params.get("status", ""), q=params.get("q", ""))

    @extend_schema(parameters=[JoinQuerySerializer])
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
        access.require(request.user, APPROVE_JOIN, application.target_unit)  # 403 before the body's 400
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


routes = [
    ("join-applications", JoinApplicationViewSet, "join-application"),
]
