"""Console forms for org units and employers. Services validate again; these give early, per-field feedback."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.params import IntParamFormField
from gonghui.common.widgets import DateInput
from gonghui.orgs import codes
from gonghui.orgs.models import Employer, OrgUnit, UnitKind, UnitStatus
from gonghui.orgs.services import ALLOWED_CHILD_KINDS, EMPLOYER_FIELDS, UNIT_FIELDS

REGION_DATALIST_ID = "region-codes"
# The datalist offers the divisions of the province the platform serves (浙江省); any valid code is accepted.
DATALIST_PROVINCE = "330000"


@cache
def region_suggestions() -> tuple[tuple[str, str], ...]:
    """``(code, full name)`` for the province, its prefectures and counties, for the region ``<datalist>``."""
    province = codes.region_get(DATALIST_PROVINCE)
    out: list[tuple[str, str]] = []
    if province is not None:
        out.append((province.code, province.full_name))
    for region in codes.region_children(DATALIST_PROVINCE):
        out.append((region.code, region.full_name))
        out.extend((county.code, county.full_name) for county in codes.region_children(region.code))
    return tuple(out)


def industry_field_choices() -> list[tuple[str, str]]:
    """Sections and their divisions; divisions indented with an ideographic space (a ``<select>`` collapses
    ordinary leading spaces)."""
    return [("", "—"), *((code, label.replace("  ", "\u3000", 1)) for code, label in codes.industry_choices())]


def _region_widget() -> forms.TextInput:
    return forms.TextInput(
        attrs={"list": REGION_DATALIST_ID, "inputmode": "numeric", "maxlength": "6", "autocomplete": "off"}
    )


class CreditCodeField(forms.CharField):
    """Accepts spaces, dashes and lower case (as printed on certificates); cleans to the compact form."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("统一社会信用代码"))
        kwargs.setdefault("help_text", _("18位，可含空格或短横线。"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        cleaned = str(super().clean(value) or "")
        return codes.normalize_uscc(cleaned) if cleaned else ""


class UnitForm(forms.ModelForm[OrgUnit]):
    """The editable fields of a unit (``UNIT_FIELDS``). ``parent`` limits the kinds offered."""

    credit_code = CreditCodeField()
    industry_code = forms.ChoiceField(label=_("行业（GB/T 4754）"), required=False, choices=industry_field_choices)

    class Meta:
        model = OrgUnit
        fields = UNIT_FIELDS
        widgets = {
            "region_code": _region_widget(),
            "founded_on": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
        }
        help_texts = {
            "region_code": _("6位 GB/T 2260 代码，如 330106（杭州市西湖区）。"),
            "short_name": _("在列表和导航中显示，可留空。"),
        }

    def __init__(self, *args: Any, parent: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is not None:
            allowed = set(ALLOWED_CHILD_KINDS.get(parent.kind, frozenset()))
            if self.instance.pk is not None:
                allowed.add(self.instance.kind)  # keep showing a kind that predates today's rules
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [(value, label) for value, label in UnitKind.choices if value in allowed]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in UNIT_FIELDS if name in self.cleaned_data}


class EmployerForm(forms.ModelForm[Employer]):
    credit_code = CreditCodeField()
    industry_code = forms.ChoiceField(label=_("行业（GB/T 4754）"), required=False, choices=industry_field_choices)

    class Meta:
        model = Employer
        fields = EMPLOYER_FIELDS
        widgets = {"region_code": _region_widget()}
        help_texts = {"region_code": _("6位 GB/T 2260 代码，如 330106（杭州市西湖区）。")}

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["is_active"]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EMPLOYER_FIELDS if name in self.cleaned_data}


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或信用代码"), required=False, max_length=120)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *UnitKind.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *UnitStatus.choices])
    region = forms.CharField(
        label=_("行政区划"),
        required=False,
        max_length=6,
        widget=_region_widget(),
        help_text=_("代码前缀：330000 为全省，330100 为杭州市。"),
    )

    def clean_region(self) -> str:
        value = str(self.cleaned_data.get("region") or "").strip()
        if value and not value.isdigit():
            raise forms.ValidationError(_("行政区划代码只能包含数字。"))
        return value


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("单位名称或信用代码"), required=False, max_length=120)
    unit = IntParamFormField(label=_("所属工会编号"), required=False, widget=forms.HiddenInput)


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索组织"), required=False, max_length=120)
    field = forms.ChoiceField(choices=[("new_parent", "new_parent"), ("target", "target")], required=False)
    exclude = IntParamFormField(required=False)


class UnitMoveForm(forms.Form):
    new_parent = IntParamFormField(
        label=_("新的上级组织"),
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": _("请选择新的上级组织。"), "invalid": _("请选择新的上级组织。")},
    )


class UnitMergeForm(forms.Form):
    target = IntParamFormField(
        label=_("并入的组织"),
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": _("请选择要并入的组织。"), "invalid": _("请选择要并入的组织。")},
    )
    merged_on = forms.DateField(label=_("合并日期"), required=False, widget=DateInput(), help_text=_("默认为今天。"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class UnitDissolveForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写撤销原因。")},
    )
    dissolved_on = forms.DateField(label=_("撤销日期"), required=False, widget=DateInput(), help_text=_("默认为今天。"))
    confirm = forms.BooleanField(
        label=_("我已核实：该组织已无正常状态的下级组织和需要保留的业务，确认撤销。"),
        error_messages={"required": _("请勾选确认后再撤销。")},
    )
