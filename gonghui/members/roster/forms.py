"""Console forms of the member roster. The services validate again (ID check digit, phone, one membership)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import Form
from django.utils.translation import gettext_lazy as _

from gonghui.authz.access import Actor
from gonghui.members.models import Gender, GigType, IdType, Member, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster import services
from gonghui.members.roster.selectors import AGE_BANDS, ANY_GIG
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def gig_filter_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("全部")),
        (ANY_GIG, _("全部新就业形态")),
        ("none", _("非新就业形态")),
        *[(value, label) for value, label in GigType.choices if value],
    ]


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("姓名、拼音、首字母、手机尾号或证件号后4-6位"),
                "autocomplete": "off",
            }
        ),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *MemberStatus.choices])
    gender = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("全部")), *Gender.choices])
    age_band = forms.ChoiceField(
        label=_("年龄段"), required=False, choices=[("", _("全部")), *[(k, k) for k in AGE_BANDS]]
    )
    gig_type = forms.ChoiceField(label=_("新就业形态"), required=False, choices=gig_filter_choices)
    joined_from = forms.DateField(label=_("入会时间自"), required=False, widget=DateInput())
    joined_to = forms.DateField(label=_("至"), required=False, widget=DateInput())
    unit = UnitPickerField(
        label=_("所在工会（含下级）"),
        required=False,
        perm=VIEW_MEMBER,
        search_url="members:unit_search",
        empty_label=_("全部"),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``selectors.member_list`` (invalid fields are left out)."""
        data: dict[str, Any] = dict(getattr(self, "cleaned_data", {}) or {})
        unit = data.pop("unit", None)
        out = {k: v for k, v in data.items() if v not in (None, "")}
        if unit is not None:
            out["unit_id"] = unit.pk
        return out


MEMBER_UNIT_KINDS = tuple(sorted(services.MEMBER_UNIT_KINDS))

MEMBER_FIELDS = (
    "name",
    "id_type",
    "phone",
    "gender",
    "ethnicity",
    "education",
    "employer_name",
    "job",
    "household_type",
    "political_status",
    "gig_type",
    "gig_platform",
    "joined_on",
)


class MemberForm(forms.Form):
    """Create (with ``actor``: the union is searched by name among the active unions where they may enrol
    members) or edit a member. The ID number field is present when creating, or when the editor may reveal (and so
    change) it."""

    unit = UnitPickerField(
        label=_("所在工会"),
        perm=MANAGE_MEMBER,
        search_url="members:member_unit_search",
        status=UnitStatus.ACTIVE,
        kinds=MEMBER_UNIT_KINDS,
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("居民身份证18位，可含空格，末位 X 不区分大小写；出生日期和性别由证件号码自动得出。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", "—"), *Gender.choices],
        help_text=_("仅其他证件类型需要填写。"),
    )
    ethnicity = forms.CharField(label=_("民族"), max_length=16, required=False)
    education = forms.CharField(label=_("学历"), max_length=16, required=False)
    employer_name = forms.CharField(label=_("工作单位"), max_length=120, required=False)
    job = forms.CharField(label=_("岗位"), max_length=64, required=False)
    household_type = forms.CharField(label=_("户籍类型"), max_length=16, required=False)
    political_status = forms.CharField(label=_("政治面貌"), max_length=16, required=False)
    gig_type = forms.ChoiceField(label=_("新就业形态类型"), choices=GigType.choices, required=False)
    gig_platform = forms.CharField(label=_("所在平台"), max_length=64, required=False)
    joined_on = forms.DateField(label=_("入会时间"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        actor: Actor | None = None,
        member: Member | None = None,
        can_change_id: bool = False,
        **kwargs: Any,
    ) -> None:
        if member is not None:
            kwargs.setdefault("initial", {f: getattr(member, f) for f in MEMBER_FIELDS})
        super().__init__(*args, **kwargs)
        self.member = member
        if actor is None:
            del self.fields["unit"]
        else:
            bind_unit_pickers(self, actor)
        if member is not None:
            if can_change_id:
                self.fields["id_number"].required = False
                self.fields["id_number"].help_text = _("留空则不修改；修改证件号码会留痕。")
            else:
                del self.fields["id_number"]
                del self.fields["id_type"]

    def changes(self) -> dict[str, Any]:
        """Changed fields for ``member_update`` (editing) — blank ID number means "unchanged"."""
        data = dict(self.cleaned_data)
        assert self.member is not None
        out: dict[str, Any] = {}
        for key in MEMBER_FIELDS:
            if key in data and data[key] != getattr(self.member, key):
                if key == "gender" and not data[key]:
                    continue
                out[key] = data[key]
        if data.get("id_number"):
            out["id_number"] = data["id_number"]
            out["id_type"] = data.get("id_type") or self.member.id_type
        return out


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("变更为"), choices=MemberStatus.choices)
    on = forms.DateField(label=_("变更日期"), widget=DateInput())
    reason = forms.CharField(label=_("原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=_("我已核实，确认变更会员状态"), required=True)

    def __init__(self, *args: Any, allowed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            field = self.fields["status"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(v, label) for v, label in MemberStatus.choices if v in allowed]


class UnflagForm(forms.Form):
    note = forms.CharField(
        label=_("核实情况"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：已电话联系，本人仍在职。"),
    )


# --- form helpers of the member pages (joining, cards, transfers) -----------------------------------------------------

# Service field names shown at another field of the member pages' forms (``attempt(..., field_map=FIELD_ALIASES)``).
FIELD_ALIASES = {"employer": "employer_q", "to_employer": "employer_q", "to_unit": "employer_q"}


def form_value(form: Form, name: str) -> str:
    return str(form.cleaned_data.get(name) or "") if form.is_valid() else ""
