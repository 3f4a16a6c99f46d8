"""Forms of recuperation trips (console): input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.orgs.picker import UnitPickerField
from gonghui.recuperation.models import Audience, Sanatorium
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION

DAY_INPUT = DateInput()


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class TripForm(forms.Form):
    unit = UnitPickerField(label=_("发布工会"), perm=MANAGE_TRIPS, search_url="recuperation:trip_unit_search")
    title = forms.CharField(label=_("线路名称"), max_length=120)
    destination = forms.CharField(label=_("目的地"), max_length=120)
    sanatorium = forms.ModelChoiceField(label=_("疗休养基地"), queryset=Sanatorium.objects.none(), required=False)
    itinerary = forms.CharField(
        label=_("行程安排"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=_("出发日期"), widget=DAY_INPUT)
    ends_on = forms.DateField(label=_("返回日期"), widget=DAY_INPUT)
    places = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)
    price_per_day = forms.DecimalField(label=_("每人每天费用（元）"), max_digits=16, decimal_places=2, min_value=0)
    audience = forms.MultipleChoiceField(
        label=_("参加对象"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple, initial=[Audience.ALL]
    )
    audience_unit = UnitPickerField(
        label=_("限定工会（可选）"),
        perm=VIEW_RECUPERATION,
        search_url="recuperation:trip_unit_search",
        required=False,
        empty_label=_("不限"),
    )
    booking_opens_at = forms.DateTimeField(
        label=_("开放预订时间"), widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )
    booking_closes_at = forms.DateTimeField(
        label=_("截止预订时间"), widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS, required=False
    )
    handback_deadline = forms.DateField(
        label=_("名额退回截止日期"), widget=DAY_INPUT, required=False, help_text=_("不填则为出发前一天。")
    )


class SanatoriumForm(forms.Form):
    unit = UnitPickerField(label=_("登记工会"), perm=MANAGE_TRIPS, search_url="recuperation:trip_unit_search")
    name = forms.CharField(label=_("名称"), max_length=120)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    beds = forms.IntegerField(label=_("床位"), min_value=0, max_value=100000, initial=0)


class AllotForm(forms.Form):
    unit = UnitPickerField(label=_("下级工会"), perm=VIEW_RECUPERATION, search_url="recuperation:trip_unit_search")
    places = forms.IntegerField(label=_("名额"), min_value=1, max_value=10000)


class HandBackForm(forms.Form):
    places = forms.IntegerField(label=_("退回名额"), min_value=1, max_value=10000)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)
