"""Forms of board seats (console): input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.congress.models import BoardRole, Congress, CongressSession


class SeatForm(forms.Form):
    congress = forms.ModelChoiceField(label=_("职工代表大会"), queryset=Congress.objects.none())
    member_no = forms.CharField(label=_("当选人会员编号"), max_length=24)
    role = forms.ChoiceField(label=_("职务"), choices=BoardRole.choices)
    elected_at = forms.ModelChoiceField(
        label=_("选举会议"),
        queryset=CongressSession.objects.none(),
        required=False,
        help_text=_("未在系统中登记的会议可不选。"),
    )
    starts_on = forms.DateField(label=_("任期开始"), widget=DateInput())
    ends_on = forms.DateField(label=_("任期结束"), widget=DateInput())

    def __init__(self, *args: Any, congresses: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses  # type: ignore[attr-defined]
        self.fields["elected_at"].queryset = sessions  # type: ignore[attr-defined]
        elected_at: Any = self.fields["elected_at"]
        elected_at.label_from_instance = lambda s: f"{s.term.congress.name} · {s.title}（{s.held_on:%Y-%m-%d}）"


class ReportForm(forms.Form):
    session = forms.ModelChoiceField(label=_("述职会议"), queryset=CongressSession.objects.none())
    summary = forms.CharField(label=_("述职报告"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["session"].label_from_instance = lambda s: f"{s.title}（{s.held_on:%Y-%m-%d}）"  # type: ignore[attr-defined]


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("提前终止日期"), widget=DateInput())
    end_reason = forms.CharField(label=_("终止原因"), max_length=200)
