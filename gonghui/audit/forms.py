"""Filters of the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.params import IntParamFormField
from gonghui.common.widgets import DateInput


class EventFilterForm(forms.Form):
    unit_q = forms.CharField(
        label=_("组织"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("组织名称"), "autocomplete": "off"}),
    )
    unit = IntParamFormField(required=False, widget=forms.HiddenInput)
    action = forms.CharField(
        label=_("操作"), required=False, max_length=80, help_text=_("操作代码或其前缀，如 orgs. 或 orgs.unit_move。")
    )
    target_type = forms.CharField(label=_("对象类型"), required=False, max_length=80)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=120)
    since = forms.DateField(label=_("开始日期"), required=False, widget=DateInput())
    until = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("结束日期不能早于开始日期。"))
        return cleaned
