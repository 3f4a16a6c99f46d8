from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.workdays.models import DayKind


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("类型"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=60, required=False, help_text=_("例如：春节、国庆节"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day.year != self.year:
            raise forms.ValidationError(_("日期必须在 %(year)s 年内。") % {"year": self.year})
        return day


class CalendarDayClearForm(forms.Form):
    day = forms.DateField(label=_("日期"))
