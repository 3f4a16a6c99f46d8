"""JSON API of payment requests (资金支付), over ``finance.payments.selectors`` / ``finance.payments.services``.

``GET/POST   /api/v1/finance/payments/``                 requests in the books the caller may read (filters
                                                         ``ledger``, ``status``, ``q``); POST asks to pay
``GET        /api/v1/finance/payments/{payment_id}/``

POST is idempotent on ``idempotency_key`` within the paying ledger: the first request answers 201, a repeat with the
same key and the same content answers 200 with the same request, the same key with different content answers 409;
the same key in another ledger is another request. The payee's bank
account is written in full but only ever read back masked (``**** 1234``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import IntParamField, body_id
from gonghui.common.sources import SOURCE_DISPLAY_HELP, source_label
from gonghui.finance import scope
from gonghui.finance.ledger import selectors
from gonghui.finance.ledger.api import MoneyField, require_books_anywhere
from gonghui.finance.models import Account, PaymentRequest, PaymentStatus
from gonghui.finance.payments import selectors as selectors_payments
from gonghui.finance.payments import services as services_payments
from gonghui.finance.permissions import REQUEST_PAYMENT
from gonghui.members.models import Member
from gonghui.members.permissions import VIEW_MEMBER

TAGS = ["finance"]


class PaymentSerializer(serializers.ModelSerializer[PaymentRequest]):
    unit_name = serializers.CharField(source="ledger.unit.name", read_only=True)
    amount = MoneyField(read_only=True)
    expense_account_code = serializers.CharField(source="expense_account.code", read_only=True)
    expense_account_name = serializers.CharField(source="expense_account.display_name", read_only=True)
    account_masked = serializers.CharField(read_only=True, help_text="脱敏收款账号，如 **** 1234")
    status = serializers.ChoiceField(choices=PaymentStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    voucher_label = serializers.SerializerMethodField(help_text="付款凭证字号")
    source_display = serializers.SerializerMethodField(help_text=SOURCE_DISPLAY_HELP)

    class Meta:
        model = PaymentRequest
        fields = [
            "id",
            "ledger",
            "unit_name",
            "idempotency_key",
            "source",
            "source_display",
            "purpose",
            "amount",
            "expense_account",
            "expense_account_code",
            "expense_account_name",
            "payee_name",
            "payee_member",
            "bank_name",
            "account_masked",
            "status",
            "status_display",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "reason",
            "paid_by",
            "paid_at",
            "paid_on",
            "bank_reference",
            "voucher",
            "voucher_label",
        ]
        read_only_fields = fields

    def get_source_display(self, payment: PaymentRequest) -> str:
        return source_label(payment.source)

    def get_voucher_label(self, payment: PaymentRequest) -> str:
        return str(payment.voucher) if payment.voucher_id else ""


class PaymentCreateSerializer(serializers.Serializer[Any]):
    ledger = IntParamField(help_text="付款工会的账套 id")
    idempotency_key = serializers.CharField(
        max_length=120, help_text="调用方生成、在付款账套内唯一的键；同一账套重复提交返回同一申请"
    )
    # DRF pops declared fields off the class; the stubs see ``Field.source``.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=80, required=False, allow_blank=True, default="", help_text="业务来源，如 assistance.decision:42"
    )
    purpose = serializers.CharField(max_length=200)
    amount = MoneyField(help_text="金额（元），字符串，两位小数")
    expense_account = IntParamField(help_text="支出科目 id（付款账套的支出类明细科目）")
    payee_name = serializers.CharField(max_length=100)
    payee_member = IntParamField(required=False, allow_null=True, help_text="收款会员 id")
    bank_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    bank_account = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="", write_only=True, help_text="收款账号（只写）"
    )


class PaymentQuerySerializer(serializers.Serializer[Any]):
    ledger = IntParamField(required=False, help_text="账套 id")
    status = serializers.ChoiceField(required=False, choices=PaymentStatus.choices)
    q = serializers.CharField(required=False, max_length=64, help_text="用途或收款人")


def _member(actor: Actor, member_id: int | None) -> Member | None:
    if member_id is None:
        return None
    member = Member.objects.select_related("unit").filter(pk=member_id).first()
    if member is None or not access.check(actor, VIEW_MEMBER, member.unit):
        raise ValidationError({"payee_member": _("未找到该会员。")})
    return member


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="支付申请列表", parameters=[PaymentQuerySerializer]),
    retrieve=extend_schema(tags=TAGS, summary="支付申请详情"),
    create=extend_schema(
        tags=TAGS,
        summary="提交支付申请（幂等）",
        description="同一账套内同一 idempotency_key 与相同内容再次提交返回 200 和同一申请；内容不同返回 409。"
        "幂等键只在付款账套内唯一，其他账套的同名键互不影响。",
        request=PaymentCreateSerializer,
        responses={200: PaymentSerializer, 201: PaymentSerializer},
    ),
)
class PaymentViewSet(viewsets.GenericViewSet[PaymentRequest]):
    serializer_class = PaymentSerializer
    lookup_url_kwarg = "payment_id"
    lookup_value_regex = r"\d+"
    conflict_actions = ("create",)  # an idempotency key reused with different content: 409 (gonghui.api.schema)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors_payments.payment_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        require_books_anywhere(request.user)
        query = PaymentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        ledger = None
        if "ledger" in params:
            ledger = selectors.ledger_get(actor=request.user, ledger_id=params["ledger"])
        qs = selectors_payments.payment_list(
            actor=request.user, ledger=ledger, status=params.get("status", ""), q=params.get("q", "")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)

    def retrieve(self, request: Request, payment_id: str) -> Response:
        payment = selectors_payments.payment_get(actor=request.user, payment_id=payment_id)
        return Response(PaymentSerializer(payment).data)

    def create(self, request: Request) -> Response:
        # The permission on the paying ledger comes before the body: another union's ledger is 404 whatever the
        # body says, a readable one without the right 403.
        access.require_anywhere(request.user, REQUEST_PAYMENT)
        ledger = selectors.ledger_get(actor=request.user, ledger_id=body_id(request.data, "ledger"))
        scope.require_action(request.user, REQUEST_PAYMENT, ledger.unit)
        data = PaymentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        account = Account.objects.filter(ledger=ledger, pk=values["expense_account"]).first()
        if account is None:
            raise ValidationError({"expense_account": _("支出科目不属于该账套。")})
        payment, created = services_payments.payment_request(
            actor=access.require_user(request.user),
            ledger=ledger,
            idempotency_key=values["idempotency_key"],
            source=values["source"],
            purpose=values["purpose"],
            amount=values["amount"],
            expense_account=account,
            payee_name=values["payee_name"],
            payee_member=_member(request.user, values.get("payee_member")),
            bank_name=values["bank_name"],
            bank_account=values["bank_account"],
        )
        fresh = selectors_payments.payment_get(actor=request.user, payment_id=payment.pk)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(PaymentSerializer(fresh).data, status=code)


routes = [("finance/payments", PaymentViewSet, "finance-payments")]
