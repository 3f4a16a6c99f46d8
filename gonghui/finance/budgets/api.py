"""``/api/v1/finance/budgets/``: budgets in the caller's scope (read), each with its budget-vs-actual lines."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.common.params import IntParamField
from gonghui.finance.budgets import selectors
from gonghui.finance.models import Budget, BudgetStatus


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kwargs)


class BudgetSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="ledger.unit.name", read_only=True)
    unit_id = serializers.IntegerField(source="ledger.unit_id", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Budget
        fields: tuple[str, ...] = (
            "id",
            "unit_id",
            "unit",
            "year",
            "version",
            "status",
            "status_display",
            "note",
            "review_comment",
            "submitted_at",
            "approved_at",
        )
        read_only_fields = fields


class BudgetLineSerializer(serializers.Serializer):
    account_code = serializers.CharField(source="account.code")
    account_name = serializers.CharField(source="account.display_name")
    kind = serializers.CharField(source="account.kind")
    category = serializers.CharField()
    budgeted = _money()
    actual = _money()
    committed = _money()
    remaining = _money()


class BudgetDetailSerializer(BudgetSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta(BudgetSerializer.Meta):
        fields = (*BudgetSerializer.Meta.fields, "lines")
        read_only_fields = fields


class BudgetQuerySerializer(serializers.Serializer[Any]):
    year = IntParamField(required=False, min_value=2000, max_value=2100, help_text="预算年度")
    status = serializers.ChoiceField(required=False, choices=BudgetStatus.choices)


@extend_schema_view(list=extend_schema(parameters=[BudgetQuerySerializer]))
class BudgetViewSet(viewsets.GenericViewSet):
    """Budgets of the unions whose books the caller reads, or whose budgets the caller approves."""

    serializer_class = BudgetSerializer
    lookup_url_kwarg = "budget_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Budget]:
        query = BudgetQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        return selectors.budget_list(
            actor=self.request.user, year=params.get("year"), status=params.get("status", "")
        ).order_by("-year", "ledger__unit__path", "-version")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(BudgetSerializer(page, many=True).data)

    @extend_schema(responses={200: BudgetDetailSerializer})
    def retrieve(self, request: Request, budget_id: str) -> Response:
        budget = selectors.budget_get(actor=request.user, budget_id=budget_id)
        report = selectors.budget_vs_actual(actor=request.user, budget=budget)
        data = BudgetSerializer(budget).data
        data["lines"] = BudgetLineSerializer([*report.income, *report.expense], many=True).data
        return Response(data)


routes = [("finance/budgets", BudgetViewSet, "finance-budget")]
