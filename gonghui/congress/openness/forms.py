"""Forms of the openness of affairs: input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.congress.models import DisclosureCategory
from gonghui.congress.permissions import MANAGE_OPENNESS
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class ItemForm(forms.Form):
    """The publishing union is searched by name among those where the actor manages openness (an id outside them
    is a 404)."""

    unit = UnitPickerField(
        label=_("公开工会"), perm=MANAGE_OPENNESS, search_url="congress:disclosure_manage_unit_search"
    )
    category = forms.ChoiceField(label=_("公开类别"), choices=DisclosureCategory.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    period = forms.CharField(label=_("所属期间"), max_length=40, required=False, help_text=_("如：2026年第三季度"))
    body = forms.CharField(label=_("内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    publish = forms.BooleanField(label=_("立即公开"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("我的问题"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
