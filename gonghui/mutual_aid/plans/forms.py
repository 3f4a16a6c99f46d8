"""Forms of mutual-aid plans: input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.mutual_aid.plans.bands import parse_band_text
from gonghui.mutual_aid.plans.services import TierInput

DAY = DateInput()
MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2, "min_value": 0, "required": False}


def parse_tiers(text: str) -> list[TierInput]:
    """``代码 名称 会费`` per line (``BASIC 基本档 24``)."""
    tiers: list[TierInput] = []
    for line in (text or "").replace("\x00", "").splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3:
            raise ValidationError(_("每行写一个档次：代码 名称 每人每年会费（如 BASIC 基本档 24）。"))
        tiers.append(TierInput(code=parts[0], name=parts[1], fee=parts[2]))
    return tiers


class PlanForm(forms.Form):
    unit = forms.ChoiceField(label=_("发起工会"), choices=())
    name = forms.CharField(label=_("计划名称"), max_length=120)
    year = forms.IntegerField(label=_("保障年度"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("保障期开始"), widget=DAY)
    ends_on = forms.DateField(label=_("保障期结束"), widget=DAY)
    tiers = forms.CharField(
        label=_("保障档次"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个档次：代码 名称 每人每年会费（元），如“BASIC 基本档 24”。"),
    )
    family_cover = forms.BooleanField(label=_("可为家属申请给付"), required=False)
    description = forms.CharField(
        label=_("计划说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
            del self.fields["year"]
        else:
            self.fields["unit"].choices = [(str(pk), name) for pk, name in units]  # type: ignore[attr-defined]

    def clean_tiers(self) -> list[TierInput]:
        return parse_tiers(self.cleaned_data.get("tiers", ""))


class RuleForm(forms.Form):
    deductible = forms.DecimalField(label=_("起付线（元）"), **MONEY)
    bands = forms.CharField(
        label=_("给付比例（分段）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一段：起点金额 比例，如“0 0.5”“10000 60%”；起点为扣除起付线后的金额。定额给付的责任留空。"),
    )
    fixed_amount = forms.DecimalField(label=_("定额给付（元）"), **MONEY)
    per_event_cap = forms.DecimalField(label=_("单次限额（元）"), **MONEY)
    yearly_cap = forms.DecimalField(label=_("年度限额（元）"), **MONEY)
    waiting_days = forms.IntegerField(label=_("首次参保等待期（天）"), min_value=0, max_value=366, initial=0)
    illnesses = forms.CharField(
        label=_("保障病种"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("特殊病门诊、重大疾病适用：每行“病种代码 名称”；留空为不限病种。"),
    )
    exclusions = forms.CharField(
        label=_("除外项目"), required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一项。")
    )

    def clean_bands(self) -> list[dict[str, str]]:
        return parse_band_text(self.cleaned_data.get("bands", ""))


class VersionForm(forms.Form):
    effective_from = forms.DateField(label=_("生效日期"), widget=DAY)
    note = forms.CharField(label=_("修订说明"), max_length=500)
