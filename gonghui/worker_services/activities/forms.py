"""Forms of services and activities: input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.picker import UnitPickerField
from gonghui.worker_services.models import ActivityAudience
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=120)
    category = forms.CharField(label=_("类别"), max_length=32, help_text=_("本级工会规定的类别之一。"))
    audience = forms.ChoiceField(label=_("参加对象"), choices=ActivityAudience.choices)
    description = forms.CharField(
        label=_("内容介绍"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    places = forms.IntegerField(label=_("名额"), min_value=1, required=False, help_text=_("不限名额请留空。"))
    reserved = forms.IntegerField(label=_("预留名额"), min_value=0, initial=0, required=False)
    signup_opens_at = _when(_("报名开始"))
    signup_closes_at = _when(_("报名截止"))
    starts_at = _when(_("活动开始"))
    ends_at = _when(_("活动结束"))
    place = forms.CharField(label=_("地点"), max_length=200)
    cost = forms.DecimalField(label=_("费用（元）"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    member_price = forms.DecimalField(
        label=_("会员价（元）"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    benefit = forms.CharField(label=_("会员优惠说明"), max_length=200, required=False)

    def data_dict(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        data["reserved"] = data.get("reserved") or 0
        data["description"] = data.get("description") or ""
        data["benefit"] = data.get("benefit") or ""
        return data


class ActivityNewForm(ActivityForm):
    unit = UnitPickerField(
        label=_("发布工会"), perm=MANAGE_ACTIVITIES, search_url="worker_services:activity_unit_search"
    )

    field_order = ["unit"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("会员证二维码"),
        max_length=600,
        help_text=_("扫描或粘贴会员出示的电子会员证二维码内容。"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "id": "id_code"}),
    )


class SignUpForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
