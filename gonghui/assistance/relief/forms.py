"""Forms of critical-illness relief (console and portal): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.relief.attachments import PURPOSES
from gonghui.attachments.forms import AttachmentField
from gonghui.common.widgets import DateInput

DAY_INPUT = DateInput()
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ClaimForm(forms.Form):
    diagnosis = forms.CharField(label=_("病种/诊断"), max_length=200, help_text=_("仅审核人员经授权后可查看。"))
    settlement_no = forms.CharField(label=_("医保结算单号"), max_length=40, required=False)
    settled_on = forms.DateField(label=_("医保结算日期"), widget=DAY_INPUT, required=False)


class OnBehalfForm(ClaimForm):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)

    field_order = ["member_no", "diagnosis", "settlement_no", "settled_on"]


class InvoiceForm(forms.Form):
    invoice_no = forms.CharField(label=_("票据号码"), max_length=40)
    hospital = forms.CharField(label=_("医疗机构"), max_length=120)
    starts_on = forms.DateField(label=_("就诊（入院）日期"), widget=DAY_INPUT)
    ends_on = forms.DateField(label=_("出院（结算）日期"), widget=DAY_INPUT)
    total = forms.DecimalField(label=_("医疗费用总额（元）"), **MONEY)  # type: ignore[arg-type]
    covered = forms.DecimalField(label=_("医保报销（元）"), **MONEY)  # type: ignore[arg-type]
    out_of_pocket = forms.DecimalField(label=_("个人自付（元）"), **MONEY)  # type: ignore[arg-type]


class DocumentForm(forms.Form):
    """Photos or scans of the invoices, or of the insurance settlement sheet (one purpose per upload)."""

    purpose = forms.ChoiceField(label=_("材料类别"), choices=list(PURPOSES.items()))
    uploads = AttachmentField(label=_("照片或扫描件"), camera=True)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
