"""Forms of mutual-aid claims (console and portal): input parsing only, the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.common.widgets import DateInput
from gonghui.mutual_aid.claims.attachments import PURPOSES
from gonghui.mutual_aid.models import AppealStatus, BenefitKind, Relation

DAY_INPUT = DateInput()
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("保障责任"), choices=BenefitKind.choices)
    event_on = forms.DateField(label=_("就诊（入院、出险）日期"), widget=DAY_INPUT)
    relation = forms.ChoiceField(label=_("就医人"), choices=Relation.choices, initial=Relation.SELF)
    patient_name = forms.CharField(
        label=_("就医人姓名"), max_length=40, required=False, help_text=_("为家属申请时填写。")
    )
    illness_code = forms.CharField(
        label=_("病种代码"), max_length=32, required=False, help_text=_("特殊病门诊、重大疾病须填写。")
    )
    illness = forms.CharField(label=_("病种/诊断"), max_length=200, help_text=_("仅审核人员经授权后可查看。"))


class OnBehalfForm(ClaimForm):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)

    field_order = ["member_no", "kind", "event_on", "relation", "patient_name", "illness_code", "illness"]


class InvoiceForm(forms.Form):
    invoice_no = forms.CharField(label=_("票据号码"), max_length=40)
    hospital = forms.CharField(label=_("医疗机构"), max_length=120)
    issued_on = forms.DateField(label=_("票据日期"), widget=DAY_INPUT)
    amount = forms.DecimalField(label=_("票据金额（元）"), **MONEY)  # type: ignore[arg-type]
    insurance_paid = forms.DecimalField(label=_("医保已报销（元）"), initial=0, **MONEY)  # type: ignore[arg-type]
    excluded = forms.DecimalField(label=_("除外金额（元）"), initial=0, required=False, **MONEY)  # type: ignore[arg-type]
    excluded_items = forms.CharField(label=_("除外项目"), max_length=200, required=False)


class DocumentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("材料类别"), choices=list(PURPOSES.items()))
    uploads = AttachmentField(label=_("照片或扫描件"), camera=True)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


DECISION_CHOICES = [
    ("confirm", _("按计算结果核定")),
    ("adjust", _("调整核定金额")),
    ("return", _("退回补正")),
    ("reject", _("不予给付")),
]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISION_CHOICES)
    amount = forms.DecimalField(label=_("核定金额（元，调整时填写）"), required=False, **MONEY)  # type: ignore[arg-type]
    comment = forms.CharField(
        label=_("意见或调整原因"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("复核结论"), choices=[(AppealStatus.UPHELD, _("维持原核定")), (AppealStatus.CHANGED, _("改变核定"))]
    )
    new_amount = forms.DecimalField(label=_("复核后金额（元）"), required=False, **MONEY)  # type: ignore[arg-type]
    decision = forms.CharField(label=_("复核意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class BatchForm(forms.Form):
    upload = forms.FileField(label=_("给付申请表（.xlsx）"))
