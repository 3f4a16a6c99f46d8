"""``/api/v1/legal-aid/cases/``: legal aid cases, read by staff (scoped to ``legal_aid.view_cases``; the applicant's
name masked; the dispute's details and the ID number never in the API), and asked for by members (POST: the
signed-in member's own request, received by their union)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.legal_aid.cases import selectors, services
from gonghui.legal_aid.models import CaseStatus, DisputeKind, LegalAidCase
from gonghui.members.roster.selectors import my_member

TAGS = ["legal_aid"]


class LegalAidCaseSerializer(serializers.ModelSerializer[LegalAidCase]):
    applicant_name = serializers.SerializerMethodField()
    lawyer_name = serializers.SerializerMethodField()
    # Blank until the step happens: plain strings, so that the schema allows the blank.
    stage = serializers.CharField(
        read_only=True, help_text="办理阶段：consultation、mediation、arbitration、litigation；未指派律师为空"
    )
    outcome = serializers.CharField(
        read_only=True, help_text="结案结果：supported、partly、settled、not_supported、dropped；未结案为空"
    )
    rating = serializers.CharField(read_only=True, help_text="职工评价：satisfied、basic、unsatisfied；未评价为空")

    class Meta:
        model = LegalAidCase
        fields: tuple[str, ...] = (
            "id",
            "number",
            "unit",
            "channel",
            "applicant_name",
            "employer_name",
            "dispute_kind",
            "claim_amount",
            "status",
            "stage",
            "eligible",
            "applied_on",
            "decision_due_on",
            "decided_on",
            "assign_due_on",
            "lawyer_name",
            "assigned_on",
            "arbitration_accepted_on",
            "arbitration_due_on",
            "outcome",
            "amount_recovered",
            "closed_on",
            "rating",
            "decision_escalated_at",
            "assign_escalated_at",
            "arbitration_escalated_at",
        )
        read_only_fields = fields

    def get_applicant_name(self, obj: LegalAidCase) -> str:
        return mask_name(obj.applicant_name)

    def get_lawyer_name(self, obj: LegalAidCase) -> str:
        return obj.lawyer.name if obj.lawyer else ""


class LegalAidCaseApplySerializer(serializers.Serializer[Any]):
    employer_name = serializers.CharField(max_length=120, help_text="用人单位名称")
    dispute_kind = serializers.ChoiceField(choices=DisputeKind.choices, help_text="争议类型")
    facts = serializers.CharField(max_length=5000, help_text="争议事实和诉求（加密保存，不在接口中返回）")
    claim_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None, help_text="诉求金额（元）"
    )


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=CaseStatus.values, required=False, description="状态"),
            OpenApiParameter("dispute_kind", str, enum=DisputeKind.values, required=False, description="争议类型"),
        ]
    )
)
class LegalAidCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[LegalAidCase]):
    serializer_class = LegalAidCaseSerializer

    def get_permissions(self) -> Any:
        if self.action == "create":  # members ask for themselves: any signed-in account, the service decides
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[LegalAidCase]:
        params = self.request.query_params
        return selectors.case_list(
            actor=self.request.user, status=params.get("status", ""), kind=params.get("dispute_kind", "")
        ).order_by("-pk")

    @extend_schema(
        request=LegalAidCaseApplySerializer,
        responses={201: LegalAidCaseSerializer},
        examples=[
            OpenApiExample(
                "拖欠工资",
                value={
                    "employer_name": "杭州某某物流有限公司",
                    "dispute_kind": "wages",
                    "facts": "2026 年 9 月至 11 月工资未发放。",
                    "claim_amount": "18600.00",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request) -> Response:
        if my_member(actor=request.user) is None:  # not a member: nothing to ask for here (before the body)
            raise access.NotVisible
        data = LegalAidCaseApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_apply(actor=request.user, data=services.CaseInput(**data.validated_data))
        return Response(LegalAidCaseSerializer(case).data, status=status.HTTP_201_CREATED)


routes = [("legal-aid/cases", LegalAidCaseViewSet, "legal-aid-cases")]
urlpatterns: list[object] = []
