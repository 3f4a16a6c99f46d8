"""Forms of needs surveys (input parsing only: the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers
from gonghui.worker_services.models import SurveyQuestionKind
from gonghui.worker_services.permissions import MANAGE_SURVEYS


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("问卷标题"), max_length=120)
    intro = forms.CharField(
        label=_("问卷说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    anonymous = forms.BooleanField(label=_("匿名问卷（不记录答卷人）"), required=False, initial=True)
    gig_only = forms.BooleanField(label=_("仅发给新就业形态劳动者"), required=False)
    part = UnitPickerField(
        label=_("限定下级工会（不填则发给全部下级）"),
        perm=MANAGE_SURVEYS,
        search_url="worker_services:survey_unit_search",
        required=False,
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        part = data.pop("part", None)
        data.pop("unit", None)
        data["units"] = [part] if part is not None else []
        return data


class NewSurveyForm(SurveyForm):
    unit = UnitPickerField(label=_("发起工会"), perm=MANAGE_SURVEYS, search_url="worker_services:survey_unit_search")

    field_order = ["unit"]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("题型"), choices=SurveyQuestionKind.choices)
    text = forms.CharField(label=_("题目"), max_length=300)
    options = forms.CharField(
        label=_("选项（每行一个，选择题填写）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
    )
    max_choices = forms.IntegerField(label=_("多选题最多选几项"), min_value=1, max_value=12, required=False)
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        return data
