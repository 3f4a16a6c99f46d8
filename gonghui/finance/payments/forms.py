"""Console forms of payment requests. The services validate again (amount, expense account, idempotency)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.finance.ledger.forms import AccountChoiceField, DateInput, amount_field
from gonghui.finance.models import Account, PaymentStatus

MANUAL_SOURCE = "finance.manual"


def new_idempotency_key() -> str:
    return f"console:{uuid.uuid4().hex}"


class PaymentFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + list(PaymentStatus.choices), required=False)
    q = forms.CharField(label=_("用途或收款人"), max_length=60, required=False)


class PaymentRequestForm(forms.Form):
    """A payment request entered by finance staff. ``idempotency_key`` is generated when the form is first shown
    and posted back, so a form submitted twice creates one request."""

    idempotency_key = forms.CharField(max_length=120, widget=forms.HiddenInput())
    purpose = forms.CharField(label=_("用途"), max_length=200)
    amount = amount_field(_("金额（元）"))
    expense_account = AccountChoiceField(label=_("支出科目"), queryset=Account.objects.none())
    payee_name = forms.CharField(label=_("收款人"), max_length=100)
    bank_name = forms.CharField(label=_("开户银行"), max_length=100, required=False)
    bank_account = forms.CharField(
        label=_("收款账号"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("加密保存，页面上只显示后四位。"),
    )

    def __init__(self, *args: Any, accounts: QuerySet[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expense_account"].queryset = accounts  # type: ignore[attr-defined]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = new_idempotency_key()

    def clean_amount(self) -> Any:
        value = self.cleaned_data["amount"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("金额必须大于零。"))
        return value


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("驳回理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    paid_on = forms.DateField(label=_("支付日期"), widget=DateInput())
    bank_reference = forms.CharField(label=_("银行流水号"), max_length=64, required=False)
