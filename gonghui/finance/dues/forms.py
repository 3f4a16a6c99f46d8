"""Forms of the dues console pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.finance.allocation.forms import DAY_INPUT, MonthField


class WageForm(forms.Form):
    wage = forms.DecimalField(label=_("月基本工资（元）"), max_digits=16, decimal_places=2, min_value=0)
    declared_on = forms.DateField(label=_("申报日期"), widget=DAY_INPUT, initial=timezone.localdate)


class PayForm(forms.Form):
    first = MonthField(label=_("起始月份"))
    last = MonthField(label=_("截止月份"), required=False)
    amount = forms.DecimalField(
        label=_("每月金额（元，留空按工资计算）"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    received_on = forms.DateField(label=_("收款日期"), widget=DAY_INPUT, initial=timezone.localdate)


class DuesImportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("工会"), coerce=int)
    received_on = forms.DateField(label=_("收款日期"), widget=DAY_INPUT, initial=timezone.localdate)
    file = forms.FileField(label=_("会费文件（.xlsx 或 .csv）"))

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class PayrollForm(forms.Form):
    employer = forms.TypedChoiceField(label=_("用人单位"), coerce=int)
    month = MonthField(label=_("所属月份"))
    received_on = forms.DateField(label=_("收款日期"), widget=DAY_INPUT, initial=timezone.localdate)

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = employers  # type: ignore[attr-defined]
