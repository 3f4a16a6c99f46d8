"""Forms of workers' requests (portal and console): input parsing only, the services validate again."""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.common.params import IntParamFormField
from gonghui.legal_aid.models import RequestCategory
from gonghui.legal_aid.permissions import HANDLE_REQUESTS
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import UnitPickerField

PROVINCE_CODE = "330000"  # the platform serves Zhejiang


def new_request_key() -> str:
    return secrets.token_urlsafe(24)


@cache
def county_choices() -> tuple[tuple[str, Any], ...]:
    """Zhejiang's county-level divisions grouped by city (where a non-member's request goes without an employer)."""
    from gonghui.orgs.codes import region_children

    groups: list[tuple[str, Any]] = []
    for city in region_children(PROVINCE_CODE):
        counties = tuple((c.code, c.name) for c in region_children(city.code) if c.level == "county")
        if counties:
            groups.append((city.name, counties))
    return tuple(groups)


class RequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("诉求类别"),
        queryset=RequestCategory.objects.filter(is_active=True).order_by("order", "pk"),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择诉求类别。"), "invalid_choice": _("请从列表中选择诉求类别。")},
    )
    description = forms.CharField(
        label=_("诉求内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明发生了什么、涉及的单位和时间，以及您希望工会帮助解决什么。"),
        error_messages={"required": _("请填写诉求内容。")},
    )
    anonymous = forms.BooleanField(
        label=_("匿名提交"),
        required=False,
        help_text=_("匿名时，您的姓名和电话只有负责办理的工会工作人员能看到。"),
    )
    uploads = AttachmentField(label=_("照片或材料"), camera=True, required=False, max_files=5)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class NonMemberForm(RequestForm):
    """A worker without a membership names their employer, or else the county where they work."""

    employer_q = forms.CharField(
        label=_("工作单位（名称或统一社会信用代码）"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search", "enterkeyhint": "search"}),
    )
    employer = IntParamFormField(required=False, widget=forms.HiddenInput)
    region_code = forms.ChoiceField(
        label=_("工作所在县（市、区）"),
        required=False,
        help_text=_("找不到工作单位时选择：诉求将交给当地县级总工会。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region_code"]
        region.choices = [("", _("请选择")), *county_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("employer") and not data.get("region_code"):
            self.add_error("region_code", _("请选择工作单位，或选择您工作所在的县（市、区）。"))
        return data


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("您对答复的评分"),
        choices=[(5, "★★★★★"), (4, "★★★★"), (3, "★★★"), (2, "★★"), (1, "★")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评分。")},
    )
    comment = forms.CharField(label=_("评价说明"), max_length=500, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class TransferForm(forms.Form):
    to_parent = forms.BooleanField(label=_("转交责任工会的上级工会"), required=False)
    to_unit = UnitPickerField(
        label=_("或转给本级及下级工会"),
        required=False,
        perm=str(HANDLE_REQUESTS),
        search_url="legal_aid:request_unit_search",
        status=UnitStatus.ACTIVE,
    )
    reason = forms.CharField(label=_("转办理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=32)
    name = forms.CharField(label=_("类别名称"), max_length=40)
    deadline_days = forms.IntegerField(label=_("答复期限（工作日）"), min_value=1, max_value=60)
    sensitive = forms.BooleanField(label=_("敏感类别（仅指定人员可见）"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)


class StatsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
