"""Forms of the sanatorium side."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.recuperation.models import IncidentKind

SCORE = [(i, str(i)) for i in range(5, 0, -1)]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("会员卡二维码"),
        max_length=1024,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "data-qr-scan": "1"}),
        help_text=_("用扫码枪或摄像头扫描会员出示的会员卡二维码，也可粘贴二维码内容或链接。"),
    )


class RollForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=IncidentKind.choices)
    happened_at = forms.DateTimeField(
        label=_("发生时间"), widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
    )
    booking = forms.IntegerField(label=_("涉及人员"), required=False, widget=forms.Select)
    description = forms.CharField(label=_("经过"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    handling = forms.CharField(
        label=_("处置情况"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closed = forms.BooleanField(label=_("已处置完毕"), required=False)


class IncidentUpdateForm(forms.Form):
    handling = forms.CharField(
        label=_("处置情况"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closed = forms.BooleanField(label=_("已处置完毕"), required=False)


class FeedbackForm(forms.Form):
    overall = forms.TypedChoiceField(label=_("总体满意度"), choices=SCORE, coerce=int, widget=forms.RadioSelect)
    lodging = forms.TypedChoiceField(label=_("食宿"), choices=SCORE, coerce=int, widget=forms.RadioSelect)
    programme = forms.TypedChoiceField(label=_("活动安排"), choices=SCORE, coerce=int, widget=forms.RadioSelect)
    service = forms.TypedChoiceField(label=_("服务"), choices=SCORE, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("意见建议"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
