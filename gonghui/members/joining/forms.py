"""Forms of online joining and gig-worker routes."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.common.params import IntParamFormField
from gonghui.members.joining.selectors import ROUTE_UNIT_KINDS
from gonghui.members.models import Gender, GigType, IdType, JoinStatus
from gonghui.members.permissions import APPROVE_JOIN
from gonghui.members.roster.services import MEMBER_UNIT_KINDS
from gonghui.orgs.models import OrgUnit, UnitStatus
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers

PROVINCE_CODE = "330000"  # the platform serves Zhejiang


@cache
def county_choices() -> tuple[tuple[str, Any], ...]:
    """Zhejiang's county-level divisions grouped by city, for the gig worker's work place."""
    from gonghui.orgs.codes import region_children

    groups: list[tuple[str, Any]] = []
    for city in region_children(PROVINCE_CODE):
        counties = [(c.code, c.name) for c in region_children(city.code) if c.level == "county"]
        if counties:
            groups.append((city.name, tuple(counties)))
    return tuple(groups)


def county_codes() -> set[str]:
    return {code for _city, counties in county_choices() for code, _name in counties}


class JoinForm(forms.Form):
    MODE_EMPLOYER = "employer"
    MODE_GIG = "gig"

    name = forms.CharField(
        label=_("姓名"),
        max_length=64,
        error_messages={
            "required": _("请填写您的姓名（与证件上的一致）。"),
            "max_length": _("姓名最多 %(limit_value)d 个字。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "enterkeyhint": "next"}),
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        initial=IdType.RESIDENT,
        error_messages={"required": _("请选择证件类型。"), "invalid_choice": _("请从列表中选择证件类型。")},
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("居民身份证为 18 位，最后一位可以是 X。"),
        error_messages={
            "required": _("请填写证件号码。"),
            "max_length": _("证件号码最多 %(limit_value)d 位。"),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "text",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "next",
            }
        ),
    )
    gender = forms.ChoiceField(
        label=_("性别（非居民身份证时填写）"),
        choices=[("", _("请选择")), *Gender.choices],
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择性别。")},
    )
    mode = forms.ChoiceField(
        label=_("就业方式"),
        choices=[(MODE_EMPLOYER, _("我在用人单位工作")), (MODE_GIG, _("我是新就业形态劳动者"))],
        widget=forms.RadioSelect(attrs={"data-join-mode": ""}),
        initial=MODE_EMPLOYER,
        error_messages={"required": _("请选择您的就业方式。"), "invalid_choice": _("请选择您的就业方式。")},
    )
    employer_q = forms.CharField(
        label=_("工作单位（名称或统一社会信用代码）"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search", "enterkeyhint": "search"}),
    )
    employer = IntParamFormField(required=False, widget=forms.HiddenInput)
    gig_type = forms.ChoiceField(
        label=_("从业类型"),
        choices=[("", _("请选择")), *[(v, lbl) for v, lbl in GigType.choices if v]],
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择从业类型。")},
    )
    gig_platform = forms.CharField(
        label=_("所在平台"),
        max_length=64,
        required=False,
        help_text=_("如美团、饿了么、顺丰、滴滴。"),
        error_messages={"max_length": _("平台名称最多 %(limit_value)d 个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "organization", "enterkeyhint": "next"}),
    )
    work_region = forms.ChoiceField(
        label=_("工作所在县（市、区）"),
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择工作所在的县（市、区）。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["work_region"]
        region.choices = [("", _("请选择")), *county_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.MODE_GIG:
            if not data.get("gig_type"):
                self.add_error("gig_type", _("请选择从业类型。"))
            if not (data.get("gig_platform") or "").strip():
                self.add_error("gig_platform", _("请填写您接单的平台，如美团、饿了么。"))
            if not data.get("work_region"):
                self.add_error("work_region", _("请选择工作所在的县（市、区）。"))
        elif not data.get("employer"):
            self.add_error("employer_q", _("请搜索并选择您的工作单位。"))
        return data


# The unions an unrouted application may be approved into (the service checks again: ``assignable_units``).
ASSIGN_UNIT_KINDS = tuple(sorted(MEMBER_UNIT_KINDS))


class GigRouteForm(forms.Form):
    region_code = forms.CharField(
        label=_("工作地行政区划代码（前缀）"),
        max_length=6,
        help_text=_("如 330106 表示西湖区，3301 表示杭州市全域。"),
    )
    gig_type = forms.ChoiceField(
        label=_("从业类型"), choices=[("", _("全部类型")), *[c for c in GigType.choices if c[0]]], required=False
    )
    unit = UnitPickerField(
        label=_("受理工会"),
        perm=APPROVE_JOIN,
        search_url="members:route_unit_search",
        status=UnitStatus.ACTIVE,
        kinds=ROUTE_UNIT_KINDS,
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class JoinFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *JoinStatus.choices], required=False)
    q = forms.CharField(label=_("姓名"), required=False, max_length=40)


class JoinEditForm(JoinForm):
    """The worker corrects an application the union returned: the first submission's fields (the document number
    may be left blank to keep it), the SMS-verified phone unchanged, and a note to the reviewer."""

    comment = forms.CharField(
        label=_("补充说明（可不填）"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number: Any = self.fields["id_number"]
        number.required = False
        number.help_text = _("不修改证件号码请留空。")


class AssignApproveForm(forms.Form):
    """An unrouted application (in a federation's queue): the union the member joins, chosen on approval."""

    unit = UnitPickerField(
        label=_("接收的工会"),
        perm=APPROVE_JOIN,
        search_url="members:join_unit_search",
        status=UnitStatus.ACTIVE,
        kinds=ASSIGN_UNIT_KINDS,
    )
    comment = forms.CharField(label=_("审核意见"), max_length=2000, required=False)

    def __init__(self, *args: Any, actor: Actor, queue: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor, within=queue)
