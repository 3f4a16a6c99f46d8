"""Forms of the campaigns' console and portal pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.honors.models import HonorLevel, HonorTitle
from gonghui.honors.permissions import MANAGE_CAMPAIGNS
from gonghui.orgs.picker import UnitPickerField, bind_unit_pickers


class CampaignForm(forms.Form):
    unit = UnitPickerField(label=_("组织单位"), perm=MANAGE_CAMPAIGNS, search_url="honors:campaign_unit_search")
    name = forms.CharField(label=_("评选名称"), max_length=120)
    title = forms.ChoiceField(label=_("荣誉称号"), choices=HonorTitle.choices)
    level = forms.ChoiceField(label=_("级别"), choices=HonorLevel.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    places = forms.IntegerField(label=_("名额总数"), min_value=1)
    nominate_from = forms.DateField(label=_("推荐开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    nominate_until = forms.DateField(label=_("推荐截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate_prefix = forms.CharField(
        label=_("证书编号前缀"), max_length=20, help_text=_("如 ZJLM2026，证书编号为前缀加四位序号")
    )
    conferred_by = forms.CharField(label=_("授予机关"), max_length=120)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor)


class AllotForm(forms.Form):
    unit = UnitPickerField(label=_("下级工会"), perm=MANAGE_CAMPAIGNS, search_url="honors:campaign_unit_search")
    places = forms.IntegerField(label=_("名额"), min_value=1)

    def __init__(self, *args: Any, actor: Any, within: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_unit_pickers(self, actor, within=within)


class PlacesForm(forms.Form):
    places = forms.IntegerField(label=_("退回名额"), min_value=1)


class NominationForm(forms.Form):
    member_no = forms.CharField(
        label=_("会员编号"), max_length=24, help_text=_("在会员名册中查到的会员编号（HY 开头）")
    )
    years_in_trade = forms.IntegerField(label=_("从业年限（年）"), min_value=0, max_value=60, initial=0)
    deeds = forms.CharField(label=_("主要事迹"), max_length=4000, widget=forms.Textarea(attrs={"rows": 8}))


class NominationEditForm(forms.Form):
    years_in_trade = forms.IntegerField(label=_("从业年限（年）"), min_value=0, max_value=60)
    deeds = forms.CharField(label=_("主要事迹"), max_length=4000, widget=forms.Textarea(attrs={"rows": 8}))


class AttachForm(forms.Form):
    uploads = AttachmentField(label=_("事迹材料（照片或 PDF）"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class AllowanceForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("补助金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("困难情况"), max_length=300)


class DoneForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class ObjectionForm(forms.Form):
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=11)
    content = forms.CharField(label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
