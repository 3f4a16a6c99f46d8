"""``/api/v1/finance/allocations/`` (employer declarations with what was paid) and ``/api/v1/finance/arrears/``
(unpaid past the due date, with the late charge as of ``?as_of=``): read-only, scoped like the console."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.finance.allocation import selectors
from gonghui.finance.models import AllocationDeclaration
from gonghui.finance.permissions import VIEW_ALLOCATION

MONTH_PATTERN = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"})
class MonthField(serializers.DateField):
    """A month (stored as its first day) read and written as ``YYYY-MM``: the schema says a string with that
    pattern, not ``format: date`` (which would promise ``2026-11-01``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m")
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> date:
        if not isinstance(value, str) or not re.fullmatch(MONTH_PATTERN, value):
            self.fail("invalid", format="YYYY-MM")
        return date(int(value[:4]), int(value[5:7]), 1)


class MonthQuerySerializer(serializers.Serializer[Any]):
    month = MonthField(required=False, help_text="月份，YYYY-MM")


class AsOfQuerySerializer(serializers.Serializer[Any]):
    as_of = serializers.DateField(required=False, help_text="计算滞纳金的日期，YYYY-MM-DD，默认今天")


def month_query(request: Request) -> date | None:
    """``?month=YYYY-MM`` (400 when malformed), or ``None``."""
    query = MonthQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    month: date | None = query.validated_data.get("month")
    return month


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, **kwargs)


class DeclarationSerializer(serializers.ModelSerializer[AllocationDeclaration]):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    credit_code = serializers.CharField(source="employer.credit_code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    month = MonthField(read_only=True, help_text="月份，YYYY-MM")
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
        month = month_query(self.request)
        return selectors.declaration_list(actor=self.request.user, month=month).order_by("-month", "pk")

    def get_object(self) -> AllocationDeclaration:
        return selectors.declaration_get(actor=self.request.user, declaration_id=self.kwargs["alloc_declaration_id"])

    @extend_schema(parameters=[MonthQuerySerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


class ArrearsViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AllocationDeclaration]):
    serializer_class = ArrearsSerializer

    def _as_of(self) -> date:
        query = AsOfQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        as_of: date = query.validated_data.get("as_of") or timezone.localdate()
        return as_of

    def get_queryset(self) -> QuerySet[AllocationDeclaration]:
        access.require_anywhere(self.request.user, VIEW_ALLOCATION)
        return selectors.arrears_list(actor=self.request.user, as_of=self._as_of()).order_by("due_on", "pk")

    @extend_schema(parameters=[AsOfQuerySerializer])
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
