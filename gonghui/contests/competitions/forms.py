"""Forms of skill and teaching contests: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.contests.competitions.scoring import COMPONENTS, FORM_LABELS
from gonghui.contests.models import ContestKind, ContestLevel, StageRound
from gonghui.contests.permissions import MANAGE_COMPETITIONS
from gonghui.orgs.picker import UnitPickerField


class ContestForm(forms.Form):
    unit = UnitPickerField(
        label=_("主办工会"), perm=MANAGE_COMPETITIONS, search_url="contests:competition_manage_units"
    )
    name = forms.CharField(label=_("竞赛名称"), max_length=120)
    kind = forms.ChoiceField(label=_("竞赛类型"), choices=ContestKind.choices)
    level = forms.ChoiceField(label=_("竞赛级别"), choices=ContestLevel.choices)
    trade = forms.CharField(label=_("工种或学科"), max_length=60)
    starts_on = forms.DateField(label=_("比赛开始日期"), widget=DateInput())
    rounds = forms.MultipleChoiceField(
        label=_("赛段"),
        choices=StageRound.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[StageRound.PRELIMINARY, StageRound.FINAL],
        help_text=_("决赛必设；初赛、复赛可选。"),
    )
    min_age = forms.IntegerField(label=_("最低年龄（周岁）"), min_value=16, max_value=80)
    max_age = forms.IntegerField(label=_("最高年龄（周岁）"), min_value=16, max_value=80)
    min_years = forms.IntegerField(label=_("最少从业年限（年）"), min_value=0, max_value=40)
    certificate = forms.CharField(label=_("须持证书"), max_length=60, required=False, help_text=_("不要求证书时留空。"))
    award_title = forms.CharField(
        label=_("授予称号"), max_length=40, required=False, help_text=_("决赛前若干名获得的称号，如“技术能手”。")
    )
    skill_upgrade = forms.CharField(
        label=_("技能等级晋升"), max_length=60, required=False, help_text=_("如“可晋升高级工”，不晋升时留空。")
    )


class EntryForm(forms.Form):
    member = forms.CharField(label=_("会员编号或身份证号"), max_length=40)
    years_in_trade = forms.IntegerField(label=_("从业年限（年）"), min_value=0, max_value=60)
    certificates = forms.CharField(
        label=_("所持证书"), max_length=200, required=False, help_text=_("多个证书用逗号或顿号分隔。")
    )


class JudgeForm(forms.Form):
    phone = forms.CharField(label=_("评委手机号"), max_length=20, help_text=_("评委用此手机号登录职工服务平台评分。"))


class TimingForm(forms.Form):
    number = forms.IntegerField(label=_("参赛编号"), min_value=1, max_value=32000)
    minutes = forms.IntegerField(label=_("分"), min_value=0, max_value=1440)
    seconds = forms.IntegerField(label=_("秒"), min_value=0, max_value=59)


def score_form(kind: str, top: int, data: object = None) -> forms.Form:
    """One number field per component of the contest's kind (0 to ``top``, two decimals)."""
    form = forms.Form(data)  # type: ignore[arg-type]
    for code, _label in COMPONENTS[kind]:
        form.fields[code] = forms.DecimalField(
            label=FORM_LABELS[code],
            min_value=0,
            max_value=top,
            decimal_places=2,
            max_digits=6,
            widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "min": 0, "max": top}),
        )
    return form
