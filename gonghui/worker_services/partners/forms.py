"""Forms of benefits partners: input parsing only, the services validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.common.widgets import DateInput
from gonghui.orgs.picker import UnitPickerField
from gonghui.worker_services.models import PartnerKind
from gonghui.worker_services.permissions import MANAGE_PARTNERS


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("商户名称"), max_length=120)
    kind = forms.ChoiceField(label=_("类型"), choices=PartnerKind.choices)
    discount = forms.CharField(label=_("会员优惠"), max_length=200, help_text=_("如：凭电子会员证观影 7 折。"))
    address = forms.CharField(label=_("地址"), max_length=200)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    valid_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    valid_until = forms.DateField(label=_("截止日期"), widget=DateInput(), required=False)
    active = forms.BooleanField(label=_("合作中"), required=False, initial=True)

    def data_dict(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        data["phone"] = data.get("phone") or ""
        return data


class PartnerNewForm(PartnerForm):
    unit = UnitPickerField(label=_("签约工会"), perm=MANAGE_PARTNERS, search_url="worker_services:partner_unit_search")

    field_order = ["unit"]


class VerifierForm(forms.Form):
    phone = forms.CharField(label=_("核验员手机号"), max_length=20)
    name = forms.CharField(label=_("姓名"), max_length=64, required=False)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("会员证二维码"),
        max_length=600,
        help_text=_("扫描或输入职工出示的电子会员证二维码内容。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
