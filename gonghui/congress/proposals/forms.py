"""Forms of proposals (console and portal): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.congress.models import AnswerCode, Satisfaction

OUTCOMES = [("accept", _("立案")), ("opinion", _("转为意见建议")), ("reject", _("不予立案"))]


class DraftForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200)
    body = forms.CharField(label=_("理由与办法"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.CharField(label=_("类别"), max_length=40, required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审查结果"), choices=OUTCOMES)
    department = forms.CharField(label=_("承办部门"), max_length=120, required=False, help_text=_("立案时必填。"))
    reason = forms.CharField(
        label=_("审查意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予立案时必须说明理由。"),
    )


class AnswerForm(forms.Form):
    code = forms.ChoiceField(label=_("办理结果"), choices=AnswerCode.choices)
    answer = forms.CharField(
        label=_("答复内容"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("D 类（不能采纳）必须说明理由。"),
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("您对办理结果的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
