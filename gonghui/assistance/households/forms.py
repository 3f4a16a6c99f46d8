"""Forms of household files: planning support, paying, the annual review's figures, leaving the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import HouseholdFile, LeaveReason, SupportForm, SupportKind


class SupportPlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("帮扶项目"), choices=SupportKind.choices)
    form = forms.ChoiceField(label=_("形式"), choices=SupportForm.choices)
    period = forms.CharField(
        label=_("期间"),
        max_length=16,
        help_text=_("按月如 2026-03；助学按年如 2026；节日如 2026-spring、2026-midautumn。"),
    )
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, required=False)
    description = forms.CharField(label=_("内容（物品、推荐岗位）"), max_length=200, required=False)
    child = forms.ChoiceField(label=_("受助子女（助学）"), required=False)

    def __init__(self, *args: Any, file: HouseholdFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        children = [p for p in file.application.people.all() if p.is_student]
        self.children = {str(p.pk): p for p in children}
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *[(str(p.pk), p.name) for p in children]]


class PayForm(forms.Form):
    bank_name = forms.CharField(label=_("开户行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("收款账号"), max_length=40, required=False)


class ReviewForm(forms.Form):
    monthly_income = forms.DecimalField(label=_("家庭月收入（元）"), max_digits=12, decimal_places=2, min_value=0)
    monthly_costs = forms.DecimalField(label=_("月刚性支出（元）"), max_digits=12, decimal_places=2, min_value=0)
    household_size = forms.IntegerField(label=_("家庭人口"), min_value=1, max_value=20)
    findings = forms.CharField(label=_("复核情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("退出原因"), choices=LeaveReason.choices)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
