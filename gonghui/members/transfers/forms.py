"""Forms of organisational transfer: the worker's request (portal), staff's start, filter and decision forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.params import IntParamFormField
from gonghui.members.models import TransferStatus


class PortalTransferForm(forms.Form):
    employer_q = forms.CharField(
        label=_("新工作单位（名称或统一社会信用代码）"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    employer = IntParamFormField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("接转原因"), max_length=200, initial=_("更换工作单位"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employer"):
            self.add_error("employer_q", _("请搜索并选择新的工作单位。"))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransferFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("方向"), choices=[("", _("转入和转出")), ("in", _("转入")), ("out", _("转出"))], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), ("open", _("办理中")), *TransferStatus.choices], required=False
    )
    q = forms.CharField(label=_("会员姓名或编号"), required=False, max_length=40)


class TransferStartForm(forms.Form):
    """Staff start a transfer: the receiving union (picked by search among every union of the platform)."""

    unit_q = forms.CharField(
        label=_("转入工会（名称或统一社会信用代码）"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    to_unit = IntParamFormField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("接转原因"), max_length=200, initial=_("工作调动"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("to_unit"):
            self.add_error("unit_q", _("请搜索并选择转入的工会。"))
        return data
