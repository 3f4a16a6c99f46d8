"""Forms of skill training (console): input parsing only, the services validate again."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput


class CourseForm(forms.Form):
    title = forms.CharField(label=_("课程名称"), max_length=120)
    trade = forms.CharField(label=_("工种或技能"), max_length=60, required=False)
    venue = forms.CharField(label=_("培训地点"), max_length=120, required=False)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)
    enrol_until = forms.DateField(label=_("报名截止"), widget=DateInput())
    starts_on = forms.DateField(label=_("开课日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结业日期"), widget=DateInput())
    description = forms.CharField(
        label=_("课程介绍"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("课次"), max_length=120)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    hours = forms.DecimalField(label=_("学时"), min_value=Decimal("0.5"), max_value=Decimal("24"), decimal_places=1)


class MemberNoForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("会员卡二维码"),
        max_length=1200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "data-qr-scan": "1"}),
        help_text=_("用扫码枪或摄像头扫描学员出示的会员卡二维码，也可粘贴二维码内容或链接。"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)


class NumberForm(forms.Form):
    number = forms.CharField(label=_("证书编号"), max_length=24)
