"""Forms of workers' congresses (console): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.congress.models import RepCategory
from gonghui.congress.permissions import MANAGE_CONGRESS
from gonghui.orgs.picker import UnitPickerField

DAY_INPUT = DateInput()


class CongressForm(forms.Form):
    unit = UnitPickerField(label=_("工会"), perm=MANAGE_CONGRESS, search_url="congress:congress_manage_unit_search")
    name = forms.CharField(label=_("名称"), max_length=120)


class TermForm(forms.Form):
    number = forms.IntegerField(label=_("届次"), min_value=1, max_value=999)
    starts_on = forms.DateField(label=_("任期开始"), widget=DAY_INPUT)
    ends_on = forms.DateField(label=_("任期结束"), widget=DAY_INPUT)
    headcount = forms.IntegerField(label=_("职工人数"), min_value=1, max_value=10_000_000)


class SectionForm(forms.Form):
    name = forms.CharField(label=_("选区"), max_length=80)
    seats = forms.IntegerField(label=_("名额"), min_value=0, max_value=10000)


class ElectForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24, help_text=_("本工会及下级工会的会员。"))
    section = forms.TypedChoiceField(label=_("选区"), coerce=int, choices=())
    category = forms.ChoiceField(label=_("代表类别"), choices=RepCategory.choices)
    woman = forms.BooleanField(label=_("女职工代表"), required=False)
    elected_on = forms.DateField(label=_("当选日期"), widget=DAY_INPUT)

    def __init__(self, *args: object, sections: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["section"].choices = sections or []  # type: ignore[attr-defined]


class SubstituteForm(forms.Form):
    rep = forms.IntegerField(widget=forms.HiddenInput)
    member_no = forms.CharField(label=_("替补会员编号"), max_length=24)
    category = forms.ChoiceField(label=_("代表类别"), choices=RepCategory.choices)
    woman = forms.BooleanField(label=_("女职工代表"), required=False)
    elected_on = forms.DateField(label=_("补选日期"), widget=DAY_INPUT)
    reason = forms.CharField(label=_("替换原因"), max_length=200)


class EndForm(forms.Form):
    rep = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("终止原因"), max_length=200)
