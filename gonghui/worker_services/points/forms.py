"""Forms of service points (console and portal): input parsing only, the services validate again."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import UnitPickerField
from gonghui.worker_services.models import Facility, PointKind, ReportKind
from gonghui.worker_services.permissions import MANAGE_POINTS

UNIT_SEARCH = "worker_services:point_unit_search"


def new_request_key() -> str:
    return secrets.token_urlsafe(24)


class PointForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PointKind.choices)
    name = forms.CharField(label=_("名称"), max_length=60)
    address = forms.CharField(label=_("地址"), max_length=120)
    city = forms.CharField(label=_("城市"), max_length=20, required=False, help_text=_("如：杭州"))
    district = forms.CharField(label=_("区县"), max_length=20, required=False, help_text=_("如：西湖区"))
    latitude = forms.CharField(label=_("纬度"), max_length=20, help_text=_("如 30.259244"))
    longitude = forms.CharField(label=_("经度"), max_length=20, help_text=_("如 120.130203"))
    datum = forms.ChoiceField(
        label=_("坐标系"),
        choices=[("wgs84", _("WGS-84（手机定位、GPS）")), ("gcj02", _("GCJ-02（从高德、腾讯地图复制）"))],
        initial="wgs84",
    )
    hours_text = forms.CharField(
        label=_("开放时间"),
        max_length=300,
        required=False,
        help_text=_("如：周一至周五 08:30-17:30；周六 09:00-12:00。全天开放写“24小时”。"),
    )
    hours_note = forms.CharField(label=_("开放时间说明"), max_length=100, required=False)
    facilities = forms.MultipleChoiceField(
        label=_("设施"), choices=Facility.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    description = forms.CharField(
        label=_("简介"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PointCreateForm(PointForm):
    unit = UnitPickerField(label=_("所属工会"), perm=MANAGE_POINTS, search_url=UNIT_SEARCH, status=UnitStatus.ACTIVE)
    published = forms.BooleanField(label=_("立即在门户公开"), required=False, initial=True)


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class PhotoForm(forms.Form):
    uploads = AttachmentField(label=_("阵地照片"), accept="image", camera=True, max_files=6)


class ImportForm(forms.Form):
    unit = UnitPickerField(label=_("所属工会"), perm=MANAGE_POINTS, search_url=UNIT_SEARCH, status=UnitStatus.ACTIVE)
    upload = forms.FileField(label=_("文件（.xlsx 或 .csv）"))
    published = forms.BooleanField(label=_("导入后立即在门户公开"), required=False)


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("处理说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("问题类型"), choices=ReportKind.choices, error_messages={"required": _("请选择问题类型。")}
    )
    description = forms.CharField(
        label=_("问题描述"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写问题描述。")},
    )
    uploads = AttachmentField(label=_("现场照片"), accept="image", camera=True, required=False, max_files=3)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
