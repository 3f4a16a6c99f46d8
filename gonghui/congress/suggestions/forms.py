"""Forms of rational suggestions (portal and console): input parsing only, the services validate again."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.common.widgets import DateInput
from gonghui.congress.suggestions.services import CATEGORY_LABELS


def new_request_key() -> str:
    return secrets.token_urlsafe(24)


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("建议名称"), max_length=200)
    body = forms.CharField(
        label=_("现状与建议内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明现在的做法或问题，以及您建议怎样改进、预期效果。"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=list(CATEGORY_LABELS.items()))
    uploads = AttachmentField(label=_("现场照片或资料"), camera=True, required=False, max_files=5)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class DecideForm(forms.Form):
    comment = forms.CharField(
        label=_("评审意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImplementForm(forms.Form):
    implemented_on = forms.DateField(label=_("实施日期"), widget=DateInput())
    money_saved = forms.DecimalField(
        label=_("节约或创造价值（元/年）"), max_digits=16, decimal_places=2, min_value=0, initial=0
    )
    hours_saved = forms.DecimalField(
        label=_("节约工时（小时/年）"), max_digits=12, decimal_places=1, min_value=0, initial=0
    )


class RewardForm(forms.Form):
    amount = forms.DecimalField(label=_("奖励金额（元）"), max_digits=16, decimal_places=2, min_value=0)
    comment = forms.CharField(label=_("说明"), max_length=2000, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
