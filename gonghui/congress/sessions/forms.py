"""Forms of congress sessions (console): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.congress.models import AgendaKind, Choice


class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("次数"), min_value=1, max_value=999)
    title = forms.CharField(label=_("会议名称"), max_length=120)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    venue = forms.CharField(label=_("会议地点"), max_length=120, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=AgendaKind.choices)
    secret = forms.BooleanField(label=_("无记名投票"), required=False, help_text=_("选举和重大事项一律无记名投票。"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("会员证二维码"), max_length=1200, help_text=_("扫描代表出示的会员证二维码，或粘贴其内容。")
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议纪要和决议"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("表决意见"), choices=Choice.choices, widget=forms.RadioSelect)
