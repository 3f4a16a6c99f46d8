"""Forms of visits: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.retirees.models import VisitReason


class PlanForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)
    reason = forms.ChoiceField(label=_("事由"), choices=VisitReason.choices, initial=VisitReason.ILLNESS)
    planned_on = forms.DateField(label=_("计划日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("安排说明"), max_length=300, required=False)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    notes = forms.CharField(
        label=_("走访情况"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    gift_value = forms.DecimalField(
        label=_("慰问品价值（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    uploads = AttachmentField(label=_("走访照片"), camera=True, required=False, max_files=10)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)
