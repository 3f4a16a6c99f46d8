"""``/api/v1/finance/dues/``: members' dues payments (read-only), scoped to ``finance.view_dues``; the member's
name is masked and the ID number never appears."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.finance.allocation.api import MonthField, MonthQuerySerializer, month_query
from gonghui.finance.dues import selectors
from gonghui.finance.models import DuesPayment
from gonghui.finance.permissions import VIEW_DUES


class DuesPaymentSerializer(serializers.ModelSerializer[DuesPayment]):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    month = MonthField(read_only=True, help_text="月份，YYYY-MM")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)

    class Meta:
        model = DuesPayment
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_no",
            "member_name",
            "unit",
            "unit_name",
            "month",
            "amount",
            "paid_on",
            "posted",
        )
        read_only_fields = fields

    def get_member_name(self, obj: DuesPayment) -> str:
        return mask_name(obj.member.name)


@extend_schema_view(list=extend_schema(parameters=[MonthQuerySerializer]))
class DuesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[DuesPayment]):
    serializer_class = DuesPaymentSerializer

    def get_queryset(self) -> QuerySet[DuesPayment]:
        access.require_anywhere(self.request.user, VIEW_DUES)
        qs = selectors.dues_payment_list(actor=self.request.user)
        first = month_query(self.request)
        if first is not None:
            qs = qs.filter(month=first)
        return qs.order_by("-month", "pk")

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes = [("finance/dues", DuesViewSet, "finance-dues")]
