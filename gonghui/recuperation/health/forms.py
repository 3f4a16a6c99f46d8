"""Forms of the check-up pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class HospitalForm(forms.Form):
    name = forms.CharField(label=_("医院名称"), max_length=120)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    daily_capacity = forms.IntegerField(label=_("每日接待人数"), min_value=1, max_value=2000, initial=20)


class BulkForm(forms.Form):
    hospital = forms.IntegerField(label=_("体检医院"), widget=forms.Select)
    first_day = forms.DateField(label=_("首个体检日"), widget=DATE)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class OneForm(forms.Form):
    honoree = forms.IntegerField(widget=forms.HiddenInput)
    hospital = forms.IntegerField(label=_("体检医院"), widget=forms.Select)
    day = forms.DateField(label=_("体检日期"), widget=DATE)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class ResultsForm(forms.Form):
    systolic = forms.DecimalField(label=_("收缩压（mmHg）"), required=False, max_digits=6, decimal_places=1)
    diastolic = forms.DecimalField(label=_("舒张压（mmHg）"), required=False, max_digits=6, decimal_places=1)
    glucose = forms.DecimalField(label=_("空腹血糖（mmol/L）"), required=False, max_digits=6, decimal_places=1)
    bmi = forms.DecimalField(label=_("体质指数（kg/m²）"), required=False, max_digits=6, decimal_places=1)
    summary = forms.CharField(label=_("体检结论"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    abnormal = forms.BooleanField(label=_("有异常指标，需要复查"), required=False)
    report = forms.FileField(label=_("体检报告（PDF 或图片）"), required=False)


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("复查日期"), widget=DATE)
    note = forms.CharField(label=_("复查情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DayForm(forms.Form):
    day = forms.DateField(label=_("体检日期"), widget=DATE)


class ChangeForm(forms.Form):
    day = forms.DateField(label=_("希望改到"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
