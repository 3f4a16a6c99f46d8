"""Forms of knowledge quizzes (console): input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.contests.models import QuestionCategory, QuestionKind

LETTERS = "ABCDEF"


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("分类名称"), max_length=40)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("题库文件（.xlsx）"), help_text=_("列：分类、题型、题干、选项A至选项F、答案、解析。")
    )


class QuestionForm(forms.Form):
    category = forms.ModelChoiceField(label=_("分类"), queryset=QuestionCategory.objects.none())
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("题干"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    option_a = forms.CharField(label=_("选项A"), max_length=200, required=False)
    option_b = forms.CharField(label=_("选项B"), max_length=200, required=False)
    option_c = forms.CharField(label=_("选项C"), max_length=200, required=False)
    option_d = forms.CharField(label=_("选项D"), max_length=200, required=False)
    option_e = forms.CharField(label=_("选项E"), max_length=200, required=False)
    option_f = forms.CharField(label=_("选项F"), max_length=200, required=False)
    correct = forms.MultipleChoiceField(
        label=_("正确答案"),
        choices=[(str(i), letter) for i, letter in enumerate(LETTERS)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("判断题：A 为正确，B 为错误。"),
    )
    explanation = forms.CharField(label=_("解析"), max_length=500, required=False)

    def __init__(self, *args: Any, categories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = categories if categories is not None else QuestionCategory.objects.none()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "kind": data["kind"],
            "text": data["text"],
            "options": [data[f"option_{c.lower()}"] for c in LETTERS],
            "correct": [int(i) for i in data["correct"]],
            "explanation": data.get("explanation", ""),
        }


class QuizForm(forms.Form):
    title = forms.CharField(label=_("竞赛名称"), max_length=120)
    description = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    paper_size = forms.IntegerField(label=_("每卷题数"), min_value=1, max_value=100)
    time_limit_minutes = forms.IntegerField(label=_("答题时限（分钟）"), min_value=1, max_value=180)
    attempts_per_day = forms.IntegerField(label=_("每日答题次数"), min_value=1, max_value=20)
    categories = forms.ModelMultipleChoiceField(
        label=_("出题分类"), queryset=QuestionCategory.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, categories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = categories if categories is not None else QuestionCategory.objects.none()
