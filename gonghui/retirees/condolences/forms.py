"""Forms of condolence payments: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.retirees.models import CondolenceReason


class DecideForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)
    reason = forms.ChoiceField(label=_("事由"), choices=CondolenceReason.choices)
    event_on = forms.DateField(label=_("事件日期"), widget=forms.DateInput(attrs={"type": "date"}))
    payee_name = forms.CharField(label=_("收款人（病故慰问填家属姓名）"), max_length=64, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
