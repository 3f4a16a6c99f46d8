"""Forms of budget pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.params import IntParamFormField
from gonghui.finance.models import Account, BudgetStatus, Ledger


class BudgetFilterForm(forms.Form):
    year = IntParamFormField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *BudgetStatus.choices])
    awaiting = forms.BooleanField(label=_("只看待我审批的"), required=False)


class BudgetCreateForm(forms.Form):
    ledger = forms.ModelChoiceField(label=_("工会"), queryset=Ledger.objects.none(), empty_label=None)
    year = IntParamFormField(label=_("预算年度"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("编制说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, ledgers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ledger"].queryset = ledgers  # type: ignore[attr-defined]
        self.fields["ledger"].label_from_instance = lambda ledger: ledger.unit.name  # type: ignore[attr-defined]


class BudgetLinesForm(forms.Form):
    """One optional amount per income and expenditure account (``acct_<id>``)."""

    note = forms.CharField(
        label=_("编制说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, accounts: list[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for account in accounts:
            self.fields[f"acct_{account.pk}"] = forms.DecimalField(
                label=f"{account.code} {account.display_name}",
                required=False,
                min_value=0,
                max_digits=16,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "num", "autocomplete": "off"}),
            )

    def rows(self) -> list[tuple[Account, Any]]:
        return [(a, self[f"acct_{a.pk}"]) for a in self.accounts]

    def amounts(self) -> dict[Account, Any]:
        return {a: self.cleaned_data.get(f"acct_{a.pk}") for a in self.accounts}


class BudgetDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("批复")), ("return", _("退回修改")), ("reject", _("不予批准"))], label=_("审批")
    )
    comment = forms.CharField(
        label=_("审批意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
