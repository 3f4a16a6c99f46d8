"""Forms of the register's console pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.honors.models import HonorLevel, HonorTitle


class HonoreeForm(forms.Form):
    member_no = forms.CharField(
        label=_("会员编号"), max_length=24, help_text=_("在会员名册中查到的会员编号（HY 开头）")
    )
    title = forms.ChoiceField(label=_("荣誉称号"), choices=HonorTitle.choices)
    level = forms.ChoiceField(label=_("级别"), choices=HonorLevel.choices)
    year = forms.IntegerField(label=_("授予年度"), min_value=1950, max_value=2100)
    conferred_by = forms.CharField(label=_("授予机关"), max_length=120, required=False)
    certificate_no = forms.CharField(label=_("证书编号"), max_length=40, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200, required=False)


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("名单文件（.xlsx）"))
