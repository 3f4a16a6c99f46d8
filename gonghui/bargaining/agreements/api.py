"""``/api/v1/bargaining/agreements/``: signed collective agreements in the caller's scope (``bargaining.view``),
with their term, status, coverage (employers and workers) and the agreed wage increase; read-only (the steps are
taken on the console, each through its service)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets

from gonghui.bargaining.agreements import selectors
from gonghui.bargaining.models import BargainingCase, BargainingLevel, CaseSubject, CoveredEmployer

TAGS = ["bargaining"]


class BargainingCoveredSerializer(serializers.ModelSerializer[CoveredEmployer]):
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = CoveredEmployer
        fields: tuple[str, ...] = ("employer", "employer_name", "staff_count")
        read_only_fields = fields


class BargainingSubjectSerializer(serializers.ModelSerializer[CaseSubject]):
    class Meta:
        model = CaseSubject
        fields: tuple[str, ...] = ("subject", "content", "wage_increase")
        read_only_fields = fields


class BargainingAgreementSerializer(serializers.ModelSerializer[BargainingCase]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    covered = BargainingCoveredSerializer(many=True, read_only=True)
    subjects = BargainingSubjectSerializer(many=True, read_only=True)
    covered_workers = serializers.SerializerMethodField(help_text="覆盖职工人数（各覆盖企业列入时的职工人数之和）")
    wage_increase = serializers.SerializerMethodField(help_text="约定的工资增长幅度（%），无劳动报酬事项为 null")

    class Meta:
        model = BargainingCase
        fields: tuple[str, ...] = (
            "id",
            "unit",
            "unit_name",
            "title",
            "level",
            "kind",
            "employer_party",
            "status",
            "signed_on",
            "term_months",
            "starts_on",
            "ends_on",
            "filed_on",
            "labour_department",
            "in_force_on",
            "published_on",
            "renews",
            "covered",
            "covered_workers",
            "subjects",
            "wage_increase",
        )
        read_only_fields = fields

    def get_covered_workers(self, obj: BargainingCase) -> int:
        return sum(c.staff_count for c in obj.covered.all())

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True))
    def get_wage_increase(self, obj: BargainingCase) -> str | None:
        for s in obj.subjects.all():
            if s.subject == "wages" and s.wage_increase is not None:
                return f"{s.wage_increase:.2f}"
        return None


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        summary="集体合同列表",
        parameters=[
            OpenApiParameter(
                "state", str, required=False, description="in_force（当前有效）、expiring（90 日内到期）或状态代码"
            ),
            OpenApiParameter("level", str, required=False, enum=BargainingLevel.values, description="协商层级"),
        ],
        examples=[
            OpenApiExample(
                "工资专项集体合同",
                response_only=True,
                value={
                    "id": 12,
                    "unit": 7,
                    "unit_name": "西湖科技公司工会",
                    "title": "2027 年度工资专项集体合同",
                    "level": "employer",
                    "kind": "wage",
                    "employer_party": "西湖科技有限公司",
                    "status": "published",
                    "signed_on": "2026-12-01",
                    "term_months": 12,
                    "starts_on": "2027-01-01",
                    "ends_on": "2027-12-31",
                    "filed_on": "2026-12-03",
                    "labour_department": "西湖区人力资源和社会保障局",
                    "in_force_on": "2026-12-19",
                    "published_on": "2026-12-21",
                    "renews": None,
                    "covered": [{"employer": 3, "employer_name": "西湖科技有限公司", "staff_count": 320}],
                    "covered_workers": 320,
                    "subjects": [{"subject": "wages", "content": "职工平均工资增长 6%", "wage_increase": "6.00"}],
                    "wage_increase": "6.00",
                },
            )
        ],
    ),
    retrieve=extend_schema(tags=TAGS, summary="集体合同"),
)
class BargainingAgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]):
    serializer_class = BargainingAgreementSerializer

    def get_queryset(self) -> QuerySet[BargainingCase]:
        params = self.request.query_params
        level = params.get("level", "")
        qs = selectors.agreement_list(
            actor=self.request.user,
            state=params.get("state", "") if self.action == "list" else "",
            level=level if level in BargainingLevel.values else "",
        )
        return qs.prefetch_related(
            Prefetch("covered", queryset=CoveredEmployer.objects.select_related("employer").order_by("pk")),
            Prefetch("subjects", queryset=CaseSubject.objects.order_by("pk")),
        ).order_by("-pk")


routes: list[tuple[str, Any, str]] = [("bargaining/agreements", BargainingAgreementViewSet, "bargaining-agreements")]
urlpatterns: list[Any] = []
