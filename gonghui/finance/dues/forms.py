"""Forms of the dues console pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.finance.allocation.forms import DAY_INPUT, MonthField
from gonghui.finance.permissions import MANAGE_DUES
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


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
    """The union is searched by name among those where the actor manages dues (an id outside them is a 404)."""

    unit = UnitPickerField(label=_("工会"), perm=MANAGE_DUES, search_url="finance:dues_import_unit_search")
    received_on = forms.DateField(label=_("收款日期"), widget=DAY_INPUT, initial=timezone.localdate)
    file = forms.FileField(label=_("会费文件（.xlsx 或 .csv）"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class PayrollForm(forms.Form):
    employer = forms.TypedChoiceField(label=_("用人单位"), coerce=int)
    month = MonthField(label=_("所属月份"))
    received_on = forms.DateField(label=_("收款日期"), widget=DAY_INPUT, initial=timezone.localdate)

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = employers  # type: ignore[attr-defined]
