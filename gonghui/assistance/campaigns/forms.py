"""Forms of campaigns (console): input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.campaigns import groups
from gonghui.assistance.campaigns.services import CampaignInput, StudentInput
from gonghui.assistance.models import CampaignForm, CampaignKind
from gonghui.assistance.permissions import MANAGE_CAMPAIGN
from gonghui.authz.access import Actor
from gonghui.common.widgets import DateInput
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers

DAY_INPUT = DateInput()
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class CampaignEditForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=120)
    kind = forms.ChoiceField(label=_("活动类型"), choices=CampaignKind.choices)
    form = forms.ChoiceField(label=_("发放形式"), choices=CampaignForm.choices)
    goods = forms.CharField(label=_("慰问品"), max_length=120, required=False, help_text=_("慰问品发放时填写。"))
    budget = forms.DecimalField(label=_("预算总额（元）"), **MONEY)  # type: ignore[arg-type]
    standard = forms.DecimalField(label=_("每人标准（元）"), **MONEY)  # type: ignore[arg-type]
    starts_on = forms.DateField(label=_("开始日期"), widget=DAY_INPUT)
    ends_on = forms.DateField(label=_("结束日期"), widget=DAY_INPUT)
    groups = forms.MultipleChoiceField(
        label=_("对象范围"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则为本单位全体会员。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = groups.group_choices()  # type: ignore[attr-defined]

    def campaign_input(self) -> CampaignInput:
        return CampaignInput(**self.cleaned_data)


class NewCampaignForm(CampaignEditForm):
    """The opening union is searched by name among those where the actor manages campaigns (an id outside them is
    a 404)."""

    unit = UnitPickerField(label=_("发起工会"), perm=MANAGE_CAMPAIGN, search_url="assistance:campaign_unit_search")

    field_order = ["unit"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)

    def campaign_input(self) -> CampaignInput:
        data = dict(self.cleaned_data)
        data.pop("unit")
        return CampaignInput(**data)


class AllotForm(forms.Form):
    unit = forms.IntegerField(label=_("承办工会"), min_value=1)
    quota = forms.IntegerField(label=_("分配名额"), min_value=0, max_value=1_000_000)


class RecipientAddForm(forms.Form):
    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    student_name = forms.CharField(label=_("子女姓名"), max_length=64, required=False)
    student_school = forms.CharField(label=_("就读学校"), max_length=120, required=False)
    student_year = forms.CharField(label=_("年级"), max_length=32, required=False)

    def student(self) -> StudentInput:
        d = self.cleaned_data
        return StudentInput(name=d["student_name"], school=d["student_school"], year=d["student_year"])


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label=_("发放日期"), widget=DAY_INPUT, initial=timezone.localdate)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
