"""Forms of labour-law supervision: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.legal_aid.permissions import ISSUE_NOTICES
from gonghui.orgs.picker import UnitPickerField


class NoticeForm(forms.Form):
    unit = UnitPickerField(label=_("发出工会"), perm=ISSUE_NOTICES, search_url="legal_aid:notice_issue_unit_search")
    employer_name = forms.CharField(label=_("用人单位"), max_length=120)
    employer_credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    finding = forms.CharField(label=_("发现的问题"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如《劳动合同法》第三十条、《工资支付暂行规定》第七条。"),
    )
    demand = forms.CharField(label=_("整改要求"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("单位回复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    on = forms.DateField(label=_("回复日期"), widget=DateInput())


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("跟踪情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(forms.Form):
    referred_to = forms.CharField(
        label=_("提请机关"), max_length=120, help_text=_("如：区人力资源和社会保障局劳动保障监察大队、上级工会。")
    )
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("结案说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
