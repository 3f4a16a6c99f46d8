"""Forms of the allocation console pages (money: DecimalField with two places)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.common.params import IntParamFormField
from gonghui.common.widgets import DateInput
from gonghui.finance.permissions import MANAGE_ALLOCATION
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


def safe_date(raw: str) -> date | None:
    """A ``YYYY-MM-DD`` query parameter, or ``None`` when absent or not a real date (never an error page)."""
    try:
        return parse_date(raw or "")
    except ValueError:
        return None


MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
DAY_INPUT = DateInput()


class MonthField(forms.DateField):
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MONTH_INPUT


class DeclarationForm(forms.Form):
    employer = forms.TypedChoiceField(label=_("用人单位"), coerce=int)
    month = MonthField(label=_("所属月份"))
    payroll = forms.DecimalField(label=_("工资总额（元）"), max_digits=16, decimal_places=2, min_value=0)
    headcount = IntParamFormField(label=_("职工人数"), min_value=0, max_value=10_000_000, initial=0, required=False)

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = employers  # type: ignore[attr-defined]


class ReceiptForm(forms.Form):
    amount = forms.DecimalField(label=_("到账金额（元）"), max_digits=16, decimal_places=2, min_value=0)
    received_on = forms.DateField(label=_("到账日期"), widget=DAY_INPUT, initial=timezone.localdate)
    reference = forms.CharField(label=_("银行流水号"), max_length=64, required=False)


class LateChargeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("处理方式"), choices=(("receipt", _("收取滞纳金")), ("waiver", _("减免滞纳金（须另一人批准）")))
    )
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=16, decimal_places=2, min_value=0)
    on = forms.DateField(label=_("到账或减免日期"), widget=DAY_INPUT, initial=timezone.localdate)
    reason = forms.CharField(label=_("减免理由或备注"), max_length=200, required=False)
    reference = forms.CharField(label=_("银行流水号"), max_length=64, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)


class StatementForm(forms.Form):
    """The union is searched by name among those where the actor manages the allocation (an id outside them is a
    404)."""

    unit = UnitPickerField(label=_("工会"), perm=MANAGE_ALLOCATION, search_url="finance:allocation_manage_unit_search")
    file = forms.FileField(label=_("银行流水（.xlsx 或 .csv）"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class MatchForm(forms.Form):
    declaration = IntParamFormField(label=_("申报"), required=False)
