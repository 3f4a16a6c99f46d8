"""Console forms of the books: open books, accounts, vouchers with a dynamic set of lines, actions, report pickers.

The services validate again (balance, leaf accounts, open periods, separation of duties); these forms only parse.
Amounts are ``Decimal`` with two places, never floats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.authz.access import Actor
from gonghui.common.widgets import DateInput
from gonghui.finance.ledger import services
from gonghui.finance.models import ZERO, Account, AccountKind, Period, VoucherStatus
from gonghui.finance.permissions import MANAGE_ACCOUNTS
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers

BOOKKEEPING_UNIT_KINDS = tuple(sorted(services.BOOKKEEPING_KINDS))

MAX_LINES = 60
BLANK_LINES = 4


def amount_field(label: Any, *, required: bool = True, signed: bool = False) -> forms.DecimalField:
    """Yuan with two places; ``signed``: negative amounts pass the field (the form decides, as for a red
    reversal's lines)."""
    return forms.DecimalField(
        label=label,
        max_digits=16,
        decimal_places=2,
        min_value=None if signed else Decimal("0.00"),
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num"}),
    )


class AccountChoiceField(forms.ModelChoiceField[Account]):
    def label_from_instance(self, obj: Account) -> str:
        return f"{obj.code} {obj.name}"


class LedgerOpenForm(forms.Form):
    """The union is searched by name among those where the actor keeps the books (``ledger_open`` refuses one whose
    books are open already)."""

    unit = UnitPickerField(
        label=_("工会"),
        perm=MANAGE_ACCOUNTS,
        search_url="finance:ledger_unit_search",
        kinds=BOOKKEEPING_UNIT_KINDS,
    )
    opened_on = forms.DateField(label=_("建账日期"), widget=DateInput())

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class AccountCreateForm(forms.Form):
    parent = AccountChoiceField(label=_("上级科目"), queryset=Account.objects.none(), required=False)
    code = forms.CharField(label=_("科目编码"), max_length=12, help_text=_("4 至 12 位数字；明细科目以上级编码开头。"))
    name = forms.CharField(label=_("科目名称"), max_length=60)
    kind = forms.ChoiceField(label=_("科目类别"), choices=AccountKind.choices, required=False)

    def __init__(self, *args: Any, accounts: QuerySet[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["kind"].help_text = _("有上级科目时与上级一致。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent = data.get("parent")
        if parent is not None:
            data["kind"] = parent.kind
        elif not data.get("kind"):
            self.add_error("kind", _("请选择科目类别。"))
        return data


class AccountEditForm(forms.Form):
    name = forms.CharField(label=_("科目名称"), max_length=60)
    is_active = forms.BooleanField(label=_("启用"), required=False)


class VoucherHeadForm(forms.Form):
    date = forms.DateField(label=_("凭证日期"), widget=DateInput())
    summary = forms.CharField(label=_("摘要"), max_length=200)


class AccountPicker:
    """A ledger's postable accounts read once for every line of a voucher form (not one query per line)."""

    def __init__(self, accounts: Iterable[Account]) -> None:
        self.by_id = {str(a.pk): a for a in accounts}
        self.choices = [("", "---------"), *[(key, f"{a.code} {a.name}") for key, a in self.by_id.items()]]


class VoucherLineForm(forms.Form):
    """One line; every field is optional so that a blank row is simply skipped (the formset checks the rest).
    ``red``: a line of a red reversal (红字冲销), whose one amount is negative; any other line's is positive."""

    account = forms.ChoiceField(label=_("科目"), choices=(), required=False)
    summary = forms.CharField(label=_("摘要"), max_length=200, required=False)
    debit = amount_field(_("借方金额"), required=False, signed=True)
    credit = amount_field(_("贷方金额"), required=False, signed=True)

    def __init__(self, *args: Any, picker: AccountPicker | None = None, red: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.red = red
        self.picker = picker or AccountPicker(())
        self.fields["account"].choices = self.picker.choices  # type: ignore[attr-defined]

    def clean_account(self) -> Account | None:
        return self.picker.by_id.get(self.cleaned_data.get("account") or "")

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("account") or data.get("summary") or data.get("debit") or data.get("credit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("account") or data.get("summary") or data.get("debit") or data.get("credit")):
            return data
        if data.get("account") is None and "account" not in self.errors:
            self.add_error("account", _("请选择科目。"))
        debit, credit = data.get("debit") or ZERO, data.get("credit") or ZERO
        if self.red:
            if debit > 0 or credit > 0 or (debit < 0) == (credit < 0):
                raise forms.ValidationError(_("红字冲销凭证的借方和贷方须且只能填写一个负数金额。"), code="side")
        elif debit < 0 or credit < 0 or (debit > 0) == (credit > 0):
            raise forms.ValidationError(_("借方和贷方须且只能填写一个正数金额。"), code="side")
        return data


class BaseVoucherLineFormSet(forms.BaseFormSet[VoucherLineForm]):
    def __init__(self, *args: Any, accounts: QuerySet[Account], red: bool = False, **kwargs: Any) -> None:
        self.picker = AccountPicker(accounts)
        self.red = red
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs["picker"] = self.picker
        kwargs["red"] = self.red
        return kwargs

    def filled(self) -> list[dict[str, Any]]:
        return [f.cleaned_data for f in self.forms if hasattr(f, "cleaned_data") and not f.is_blank]

    def totals(self) -> tuple[Decimal, Decimal]:
        """Debit and credit totals of what was typed (also when some rows are invalid)."""
        debit = credit = ZERO
        for form in self.forms:
            for name in ("debit", "credit"):
                raw = (form.data.get(form.add_prefix(name)) or "").strip().replace(",", "") if self.is_bound else ""
                try:
                    value = Decimal(raw) if raw else ZERO
                except ArithmeticError:
                    continue
                if not value.is_finite():
                    continue
                if name == "debit":
                    debit += value
                else:
                    credit += value
        return debit.quantize(Decimal("0.01")), credit.quantize(Decimal("0.01"))

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.filled()
        if len(rows) < 2:
            raise forms.ValidationError(_("凭证至少需要两条分录。"), code="lines")
        debit = sum((r.get("debit") or ZERO for r in rows), ZERO)
        credit = sum((r.get("credit") or ZERO for r in rows), ZERO)
        if debit != credit:
            raise forms.ValidationError(
                _("借贷不平衡：借方合计 %(d)s 元，贷方合计 %(c)s 元。") % {"d": f"{debit:,.2f}", "c": f"{credit:,.2f}"},
                code="unbalanced",
            )


VoucherLineFormSet = forms.formset_factory(
    VoucherLineForm,
    formset=BaseVoucherLineFormSet,
    extra=0,
    max_num=MAX_LINES,
    absolute_max=MAX_LINES,
    validate_max=True,
)


def line_formset(
    data: Any = None,
    *,
    accounts: QuerySet[Account],
    initial: list[dict[str, Any]] | None = None,
    red: bool = False,
) -> BaseVoucherLineFormSet:
    """Bound to ``data``, or unbound with ``initial`` rows plus blank rows up to :data:`BLANK_LINES`. ``red``: the
    lines of a red reversal's draft (negative amounts, and only there)."""
    if data is not None:
        return VoucherLineFormSet(data, prefix="lines", accounts=accounts, red=red)  # type: ignore[call-arg,return-value]
    rows = [{**row, "account": row["account"].pk} if row.get("account") else row for row in initial or []]
    rows += [{} for _ in range(max(BLANK_LINES - len(rows), 1))]
    # Every field of a line is optional, so a row left blank (or cleared) is skipped rather than refused.
    return VoucherLineFormSet(initial=rows, prefix="lines", accounts=accounts, red=red)  # type: ignore[call-arg,return-value]


class VoucherFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + list(VoucherStatus.choices), required=False)
    period = forms.ModelChoiceField(label=_("期间"), queryset=Period.objects.none(), required=False)
    q = forms.CharField(label=_("摘要或科目"), max_length=60, required=False)

    def __init__(self, *args: Any, periods: QuerySet[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["period"].empty_label = _("全部")  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReverseForm(forms.Form):
    day = forms.DateField(label=_("冲销日期"), widget=DateInput())
    reason = forms.CharField(label=_("冲销理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    uploads = AttachmentField(label=_("附件（发票、收据的照片或 PDF 文件）"), camera=False)


class PeriodPickForm(forms.Form):
    period = forms.ModelChoiceField(label=_("期间"), queryset=Period.objects.none(), required=False)

    def __init__(self, *args: Any, periods: QuerySet[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["period"].empty_label = None  # type: ignore[attr-defined]


class MonthForm(forms.Form):
    """A month picked as ``YYYY-MM`` (the roll-up reads many ledgers, so periods are not one ledger's rows)."""

    month = forms.CharField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}), required=False)

    def month_value(self, default: date) -> tuple[int, int]:
        raw = (self.cleaned_data.get("month") or "").strip() if self.is_valid() else ""
        found = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", raw)
        if found is None:
            return default.year, default.month
        year, month = int(found[1]), int(found[2])
        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            return default.year, default.month
        return year, month


class AccountLedgerForm(forms.Form):
    account = AccountChoiceField(label=_("科目"), queryset=Account.objects.none(), required=False)
    date_from = forms.DateField(label=_("起始日期"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("截止日期"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, accounts: QuerySet[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data
