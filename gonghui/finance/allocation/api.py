"""``/api/v1/finance/allocations/`` (employer declarations with what was paid) and ``/api/v1/finance/arrears/``
(unpaid past the due date, with the late charge as of ``?as_of=``): read-only, scoped like the console."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.finance.allocation import selectors
from gonghui.finance.allocation.forms import safe_date as parse_date
from gonghui.finance.models import AllocationDeclaration
from gonghui.finance.permissions import VIEW_ALLOCATION


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kwargs)


class DeclarationSerializer(serializers.ModelSerializer[AllocationDeclaration]):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    credit_code = serializers.CharField(source="employer.credit_code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)
    payroll = _money()
    amount = _money()
    paid = _money()
    rate = serializers.DecimalField(max_digits=8, decimal_places=6, coerce_to_string=True, read_only=True)

    class Meta:
        model = AllocationDeclaration
        fields: tuple[str, ...] = (
            "id",
            "employer",
            "employer_name",
            "credit_code",
            "unit",
            "unit_name",
            "month",
            "payroll",
            "headcount",
            "rate",
            "amount",
            "paid",
            "due_on",
        )
        read_only_fields = fields


class ArrearsSerializer(DeclarationSerializer):
    outstanding = _money()
    days_late = serializers.IntegerField(read_only=True)
    late_charge = _money()
    late_charge_paid = _money()
    late_charge_waived = _money()
    late_charge_owed = _money()

    class Meta(DeclarationSerializer.Meta):
        fields = (
            *DeclarationSerializer.Meta.fields,
            "outstanding",
            "days_late",
            "late_charge",
            "late_charge_paid",
            "late_charge_waived",
            "late_charge_owed",
        )
        read_only_fields = fields


class AllocationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[AllocationDeclaration]
):
    serializer_class = DeclarationSerializer
    lookup_url_kwarg = "alloc_declaration_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[AllocationDeclaration]:
        access.require_anywhere(self.request.user, VIEW_ALLOCATION)
        raw = self.request.query_params.get("month", "")
        month = parse_date(f"{raw}-01") if len(raw) == 7 else None
        return selectors.declaration_list(actor=self.request.user, month=month).order_by("-month", "pk")

    def get_object(self) -> AllocationDeclaration:
        return selectors.declaration_get(actor=self.request.user, declaration_id=self.kwargs["alloc_declaration_id"])

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class ArrearsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AllocationDeclaration]):
    serializer_class = ArrearsSerializer

    def _as_of(self) -> Any:
        return parse_date(self.request.query_params.get("as_of", "") or "") or timezone.localdate()

    def get_queryset(self) -> QuerySet[AllocationDeclaration]:
        access.require_anywhere(self.request.user, VIEW_ALLOCATION)
        return selectors.arrears_list(actor=self.request.user, as_of=self._as_of()).order_by("due_on", "pk")

    @extend_schema(parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.arrears_for(list(page or []), as_of=self._as_of())
        data = [
            {
                **DeclarationSerializer(d).data,
                "outstanding": f"{a.outstanding:.2f}",
                "days_late": a.days,
                "late_charge": f"{a.charge:.2f}",
                "late_charge_paid": f"{a.charge_paid:.2f}",
                "late_charge_waived": f"{a.charge_waived:.2f}",
                "late_charge_owed": f"{a.charge_owed:.2f}",
            }
            for d, a in rows
        ]
        return self.get_paginated_response(data)


routes = [
    ("finance/allocations", AllocationViewSet, "finance-allocations"),
    ("finance/arrears", ArrearsViewSet, "finance-arrears"),
]
