"""Forms of the studios' console pages: input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.honors.models import EvaluationResult, ResultKind, StudioGrade


class StudioForm(forms.Form):
    leader = forms.TypedChoiceField(label=_("领衔人"), coerce=int, choices=())
    name = forms.CharField(label=_("工作室名称"), max_length=100)
    field = forms.CharField(label=_("专业领域"), max_length=100)
    grade = forms.ChoiceField(label=_("申报等级"), choices=StudioGrade.choices)
    description = forms.CharField(label=_("简介与创新方向"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: object, leaders: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["leader"].choices = leaders or []  # type: ignore[attr-defined]


class ResubmitForm(forms.Form):
    name = forms.CharField(label=_("工作室名称"), max_length=100)
    field = forms.CharField(label=_("专业领域"), max_length=100)
    description = forms.CharField(label=_("简介与创新方向"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    comment = forms.CharField(label=_("修改说明"), max_length=2000, required=False)


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    result = forms.ChoiceField(label=_("考核结果"), choices=EvaluationResult.choices)
    comment = forms.CharField(label=_("考核意见"), max_length=1000, required=False, help_text=_("不合格时必填。"))


class GrantForm(forms.Form):
    year = forms.IntegerField(label=_("补助年度"), min_value=2000, max_value=2100)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=500)


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果类型"), choices=ResultKind.choices)
    title = forms.CharField(label=_("成果名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    patent_no = forms.CharField(label=_("专利号"), max_length=40, required=False)
    savings = forms.DecimalField(
        label=_("节约或创造价值（元）"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


class PairForm(forms.Form):
    mentor_no = forms.CharField(label=_("师傅会员编号"), max_length=24)
    apprentice_no = forms.CharField(label=_("徒弟会员编号"), max_length=24)
    goal = forms.CharField(label=_("带徒目标"), max_length=500)
    started_on = forms.DateField(label=_("结对日期"), widget=DateInput(), required=False)


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("进展"), max_length=1000)
    percent = forms.IntegerField(label=_("完成度（%）"), min_value=0, max_value=100)
