"""JSON API of the books (账务), over ``finance.ledger.selectors`` / ``finance.ledger.services``.

``GET        /api/v1/finance/ledgers/``                                 books the caller may read
``GET        /api/v1/finance/ledgers/{ledger_id}/``
``GET        /api/v1/finance/ledgers/{ledger_id}/accounts/``            chart of accounts (paginated)
``GET        /api/v1/finance/ledgers/{ledger_id}/trial-balance/``       ``?year=&month=`` (科目余额表)
``GET        /api/v1/finance/ledgers/{ledger_id}/income-statement/``    ``?year=&month=`` (收入支出表)
``GET        /api/v1/finance/units/{unit_id}/rollup-trial-balance/``    ``?year=&month=`` the subtree summed by
                                                                        account code (经审, ``finance.audit_books``)
``GET/POST   /api/v1/finance/vouchers/``                                filters ``ledger``, ``status``, ``year`` +
                                                                        ``month``, ``q``; POST prepares a draft
``GET        /api/v1/finance/vouchers/{voucher_id}/``                   with its lines
``POST       /api/v1/finance/vouchers/{voucher_id}/submit/``            draft → submitted (待审核)

Amounts are strings with two decimal places (``"1234.50"``); a JSON number with a fraction is refused (money is
never a float). Reads are open to the union's own finance staff (``finance.view_books``) and to audit committees
of the union and above (``finance.audit_books``); writes need the local bookkeeping permission.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.attachments.selectors import attachment_list
from gonghui.attachments.serializers import AttachmentSerializer
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import IntParamField, body_id
from gonghui.common.sources import SOURCE_DISPLAY_HELP, source_label
from gonghui.finance import scope
from gonghui.finance.ledger import selectors, services
from gonghui.finance.models import Account, AccountKind, Ledger, Voucher, VoucherLine, VoucherStatus
from gonghui.finance.permissions import PREPARE_VOUCHER
from gonghui.orgs.models import OrgUnit

TAGS = ["finance"]


class MoneyField(serializers.DecimalField):
    """Yuan with two places, written and read as a string; a JSON float is refused (no binary fractions)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(coerce_to_string=True, **kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            raise serializers.ValidationError(_('金额请以字符串填写，如 "1234.50"。'), code="money_float")
        return super().to_internal_value(data)  # type: ignore[no-any-return]


def total_field(**kwargs: Any) -> MoneyField:
    """Sums over many rows (reports, roll-ups): wider than a single amount."""
    return MoneyField(max_digits=20, read_only=True, **kwargs)


class LedgerSerializer(serializers.ModelSerializer[Ledger]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Ledger
        fields = ["id", "unit", "unit_name", "opened_on", "opened_at"]
        read_only_fields = fields


class AccountSerializer(serializers.ModelSerializer[Account]):
    kind = serializers.ChoiceField(choices=AccountKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Account
        fields = ["id", "ledger", "code", "name", "kind", "kind_display", "parent", "is_active"]
        read_only_fields = fields


def _person(user: Any) -> str:
    return (getattr(user, "name", "") or getattr(user, "username", "")) if user is not None else ""


class VoucherSerializer(serializers.ModelSerializer[Voucher]):
    unit_name = serializers.CharField(source="ledger.unit.name", read_only=True)
    period = serializers.CharField(source="period.__str__", read_only=True, help_text="会计期间，如 2026-03")
    # DRF pops declared fields off the class; the stubs see ``Field.label``.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="凭证字号，如 记-2026-03-0001；未记账时为摘要"
    )
    status = serializers.ChoiceField(choices=VoucherStatus.choices, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    prepared_by_name = serializers.SerializerMethodField()
    source_display = serializers.SerializerMethodField(help_text=SOURCE_DISPLAY_HELP)
    line_count = serializers.IntegerField(read_only=True)
    total = MoneyField(read_only=True, help_text="借方合计（元）")

    class Meta:
        model = Voucher
        fields = [
            "id",
            "ledger",
            "unit_name",
            "period",
            "date",
            "number",
            "label",
            "summary",
            "status",
            "status_display",
            "prepared_by",
            "prepared_by_name",
            "reviewed_by",
            "posted_by",
            "reverses",
            "source",
            "source_display",
            "line_count",
            "total",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_source_display(self, voucher: Voucher) -> str:
        return source_label(voucher.source)

    def get_prepared_by_name(self, voucher: Voucher) -> str:
        return _person(voucher.prepared_by)


class VoucherLineSerializer(serializers.ModelSerializer[VoucherLine]):
    account_code = serializers.CharField(source="account.code", read_only=True)
    account_name = serializers.CharField(source="account.display_name", read_only=True)
    debit = MoneyField(read_only=True)
    credit = MoneyField(read_only=True)

    class Meta:
        model = VoucherLine
        fields = ["position", "account", "account_code", "account_name", "summary", "debit", "credit"]
        read_only_fields = fields


class VoucherDetailSerializer(VoucherSerializer):
    lines = VoucherLineSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(
        many=True, read_only=True, source="attachment_rows", help_text="发票、收据等附件（每次打开都留痕）"
    )
    reviewed_by_name = serializers.SerializerMethodField()
    posted_by_name = serializers.SerializerMethodField()

    class Meta(VoucherSerializer.Meta):
        fields = [
            *VoucherSerializer.Meta.fields,
            "reviewed_by_name",
            "reviewed_at",
            "posted_by_name",
            "posted_at",
            "lines",
            "attachments",
        ]
        read_only_fields = fields

    def get_reviewed_by_name(self, voucher: Voucher) -> str:
        return _person(voucher.reviewed_by)

    def get_posted_by_name(self, voucher: Voucher) -> str:
        return _person(voucher.posted_by)


class LineInputSerializer(serializers.Serializer[Any]):
    account = IntParamField(help_text="科目 id（本账套的启用明细科目）")
    debit = MoneyField(required=False, default=Decimal("0.00"), min_value=Decimal("0.00"))
    credit = MoneyField(required=False, default=Decimal("0.00"), min_value=Decimal("0.00"))
    summary = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class VoucherCreateSerializer(serializers.Serializer[Any]):
    ledger = IntParamField(help_text="账套 id")
    date = serializers.DateField()
    summary = serializers.CharField(max_length=200)
    lines = LineInputSerializer(many=True, allow_empty=False)


class VoucherQuerySerializer(serializers.Serializer[Any]):
    ledger = IntParamField(required=False, help_text="账套 id")
    status = serializers.ChoiceField(required=False, choices=VoucherStatus.choices)
    year = IntParamField(required=False, min_value=2000, max_value=2100)
    month = IntParamField(required=False, min_value=1, max_value=12)
    q = serializers.CharField(required=False, max_length=64, help_text="摘要或科目名称")


class PeriodQuerySerializer(serializers.Serializer[Any]):
    year = IntParamField(required=False, min_value=2000, max_value=2100, help_text="默认本年")
    month = IntParamField(required=False, min_value=1, max_value=12, help_text="默认本月")

    def period(self) -> tuple[int, int]:
        today = timezone.localdate()
        data = self.validated_data
        return int(data.get("year", today.year)), int(data.get("month", today.month))


class BalanceRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AccountKind.choices)
    account = serializers.IntegerField(source="account_id", allow_null=True, help_text="科目 id；汇总表为空")
    opening = total_field(help_text="期初余额（按科目余额方向，负数为反向）")
    opening_side = serializers.CharField(help_text="借 / 贷 / 平")
    debit = total_field(help_text="本期借方")
    credit = total_field(help_text="本期贷方")
    closing = total_field(help_text="期末余额")
    closing_side = serializers.CharField()


class TrialBalanceSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    balanced = serializers.BooleanField()
    debit_total = total_field()
    credit_total = total_field()
    opening_debit = total_field()
    opening_credit = total_field()
    closing_debit = total_field()
    closing_credit = total_field()
    rows = BalanceRowSerializer(many=True)


class StatementRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    month = total_field(help_text="本月数")
    year_to_date = total_field(help_text="本年累计数")


class IncomeStatementSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    income = StatementRowSerializer(many=True)
    expense = StatementRowSerializer(many=True)
    income_month = total_field()
    income_ytd = total_field()
    expense_month = total_field()
    expense_ytd = total_field()
    surplus_month = total_field()
    surplus_ytd = total_field()


def require_books_anywhere(actor: Actor) -> None:
    """List endpoints: staff who read no books at all are refused (403) rather than shown an empty list."""
    if not scope.can_read_anywhere(actor):
        raise access.Forbidden()


def _period_query(request: Request) -> tuple[int, int]:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.period()


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="账套列表"),
    retrieve=extend_schema(tags=TAGS, summary="账套详情"),
)
class LedgerViewSet(viewsets.GenericViewSet[Ledger]):
    serializer_class = LedgerSerializer
    lookup_url_kwarg = "ledger_id"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.ledger_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        require_books_anywhere(request.user)
        page = self.paginate_queryset(selectors.ledger_list(actor=request.user))
        return self.get_paginated_response(LedgerSerializer(page, many=True).data)

    def retrieve(self, request: Request, ledger_id: str) -> Response:
        return Response(LedgerSerializer(selectors.ledger_get(actor=request.user, ledger_id=ledger_id)).data)

    @extend_schema(tags=TAGS, summary="会计科目", responses={200: AccountSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def accounts(self, request: Request, ledger_id: str) -> Response:
        ledger = selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
        accounts = selectors.account_list(actor=request.user, ledger=ledger)
        page = self.paginate_queryset(accounts)  # type: ignore[arg-type]
        return self.get_paginated_response(AccountSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="科目余额表（试算平衡）",
        parameters=[PeriodQuerySerializer],
        responses={200: TrialBalanceSerializer},
    )
    @action(detail=True, methods=["get"], url_path="trial-balance", url_name="trial-balance")
    def trial_balance(self, request: Request, ledger_id: str) -> Response:
        ledger = selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
        year, month = _period_query(request)
        tb = selectors.trial_balance(actor=request.user, ledger=ledger, year=year, month=month)
        return Response(TrialBalanceSerializer(tb).data)

    @extend_schema(
        tags=TAGS,
        summary="收入支出表",
        parameters=[PeriodQuerySerializer],
        responses={200: IncomeStatementSerializer},
    )
    @action(detail=True, methods=["get"], url_path="income-statement", url_name="income-statement")
    def income_statement(self, request: Request, ledger_id: str) -> Response:
        ledger = selectors.ledger_get(actor=request.user, ledger_id=ledger_id)
        year, month = _period_query(request)
        st = selectors.income_statement(actor=request.user, ledger=ledger, year=year, month=month)
        return Response(IncomeStatementSerializer(st).data)


class RollupTrialBalanceView(APIView):
    """The trial balance of every ledger in a unit's subtree, summed by account code (经审汇总)."""

    @extend_schema(
        tags=TAGS,
        summary="下级账套汇总科目余额表（经审）",
        parameters=[PeriodQuerySerializer],
        responses={200: TrialBalanceSerializer},
    )
    def get(self, request: Request, unit_id: int) -> Response:
        unit = OrgUnit.objects.filter(pk=scope.pk(unit_id)).first()
        if unit is None:
            raise access.NotVisible()
        year, month = _period_query(request)
        tb = selectors.rollup_trial_balance(actor=request.user, unit=unit, year=year, month=month)
        return Response(TrialBalanceSerializer(tb).data)


def _line_inputs(ledger: Ledger, lines: list[dict[str, Any]]) -> list[services.LineInput]:
    wanted = {line["account"] for line in lines}
    accounts = {a.pk: a for a in Account.objects.filter(ledger=ledger, pk__in=wanted)}
    missing = sorted(wanted - set(accounts))
    if missing:
        raise ValidationError({"lines": _("科目不属于本账套：%(ids)s") % {"ids": ", ".join(map(str, missing))}})
    return [
        services.LineInput(
            account=accounts[line["account"]], debit=line["debit"], credit=line["credit"], summary=line["summary"]
        )
        for line in lines
    ]


@extend_schema_view(
    list=extend_schema(tags=TAGS, summary="记账凭证列表", parameters=[VoucherQuerySerializer]),
    retrieve=extend_schema(tags=TAGS, summary="记账凭证详情（含分录）", responses={200: VoucherDetailSerializer}),
    create=extend_schema(
        tags=TAGS,
        summary="填制记账凭证（草稿）",
        request=VoucherCreateSerializer,
        responses={201: VoucherDetailSerializer},
    ),
)
class VoucherViewSet(viewsets.GenericViewSet[Voucher]):
    serializer_class = VoucherSerializer
    lookup_url_kwarg = "voucher_id"
    lookup_value_regex = r"\d+"
    conflict_actions = ("submit",)  # the voucher moved meanwhile (no longer a draft): 409 (gonghui.api.schema)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.voucher_list(actor=self.request.user)

    def _one(self, voucher_id: int | str, *, code: int = status.HTTP_200_OK) -> Response:
        voucher = selectors.voucher_get(actor=self.request.user, voucher_id=voucher_id)
        voucher.line_count = voucher.lines.count()  # type: ignore[attr-defined]
        lines = list(voucher.lines.select_related("account"))
        voucher.total = sum((x.debit for x in lines), Decimal("0.00"))  # type: ignore[attr-defined]
        voucher.attachment_rows = attachment_list(actor=self.request.user, owner=voucher)  # type: ignore[attr-defined]
        data = VoucherDetailSerializer(voucher, context={"request": self.request}).data
        data["lines"] = VoucherLineSerializer(lines, many=True).data
        return Response(data, status=code)

    def list(self, request: Request) -> Response:
        require_books_anywhere(request.user)
        query = VoucherQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params: dict[str, Any] = dict(query.validated_data)
        ledger = None
        if "ledger" in params:
            ledger = selectors.ledger_get(actor=request.user, ledger_id=params["ledger"])
        qs = selectors.voucher_list(
            actor=request.user, ledger=ledger, status=params.get("status", ""), q=params.get("q", "")
        )
        if "year" in params:
            qs = qs.filter(period__year=params["year"])
        if "month" in params:
            qs = qs.filter(period__month=params["month"])
        page = self.paginate_queryset(qs.order_by("-date", "-id"))
        return self.get_paginated_response(VoucherSerializer(page, many=True).data)

    def retrieve(self, request: Request, voucher_id: str) -> Response:
        return self._one(voucher_id)

    def create(self, request: Request) -> Response:
        # The permission on the ledger comes before the body (404 / 403 before 400).
        access.require_anywhere(request.user, PREPARE_VOUCHER)
        ledger = selectors.ledger_get(actor=request.user, ledger_id=body_id(request.data, "ledger"))
        scope.require_action(request.user, PREPARE_VOUCHER, ledger.unit)
        data = VoucherCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        voucher = services.voucher_create(
            actor=access.require_user(request.user),
            ledger=ledger,
            day=values["date"],
            summary=values["summary"],
            lines=_line_inputs(ledger, values["lines"]),
        )
        return self._one(voucher.pk, code=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, summary="提交审核", request=None, responses={200: VoucherDetailSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, voucher_id: str) -> Response:
        voucher = selectors.voucher_get(actor=request.user, voucher_id=voucher_id)
        services.voucher_submit(actor=access.require_user(request.user), voucher=voucher)
        return self._one(voucher.pk)


routes = [
    ("finance/ledgers", LedgerViewSet, "finance-ledgers"),
    ("finance/vouchers", VoucherViewSet, "finance-vouchers"),
]
urlpatterns = [
    path(
        "finance/units/<int:unit_id>/rollup-trial-balance/",
        RollupTrialBalanceView.as_view(),
        name="finance-rollup-trial-balance",
    )
]
