"""Forms of retirees' clubs: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import UnitPickerField
from gonghui.retirees.models import ClubKind
from gonghui.retirees.permissions import MANAGE_CLUBS


class ClubForm(forms.Form):
    unit = UnitPickerField(
        label=_("所属工会"), perm=str(MANAGE_CLUBS), search_url="retirees:club_unit_search", status=UnitStatus.ACTIVE
    )
    name = forms.CharField(label=_("社团名称"), max_length=60)
    kind = forms.ChoiceField(label=_("类别"), choices=ClubKind.choices)
    description = forms.CharField(
        label=_("简介"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_to_join = forms.BooleanField(label=_("接受退休职工在线加入"), required=False, initial=True)


class MemberNoForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=80)
    starts_at = forms.DateTimeField(
        label=_("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("地点"), max_length=120)
    capacity = forms.IntegerField(label=_("名额（不限请留空）"), required=False, min_value=1, max_value=10000)
    description = forms.CharField(
        label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("出席"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    extra = forms.IntegerField(label=_("未报名到场人数"), min_value=0, max_value=10000, initial=0)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)


class PhotoForm(forms.Form):
    uploads = AttachmentField(label=_("活动照片"), camera=True, max_files=10)
