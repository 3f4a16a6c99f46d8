"""Forms of legal aid (console and portal): input parsing only, the services validate again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.common.widgets import DateInput
from gonghui.legal_aid.cases.attachments import PURPOSES
from gonghui.legal_aid.models import CaseOutcome, CaseStage, Channel, DisputeKind, FeeKind, Lawyer, Rating
from gonghui.legal_aid.permissions import HANDLE_CASES
from gonghui.orgs.picker import UnitPickerField


class ApplyForm(forms.Form):
    """The worker's request (portal)."""

    employer_name = forms.CharField(label=_("用人单位"), max_length=120)
    dispute_kind = forms.ChoiceField(label=_("争议类型"), choices=DisputeKind.choices)
    facts = forms.CharField(
        label=_("争议事实和诉求"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明入职时间、岗位、发生了什么、您希望得到什么。"),
    )
    claim_amount = forms.DecimalField(
        label=_("诉求金额（元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )


class RecordForm(ApplyForm):
    """A 12351 call or a visit recorded by staff."""

    field_order = ["unit", "channel", "applicant_name", "applicant_phone", "id_number"]
    unit = UnitPickerField(label=_("受理工会"), perm=HANDLE_CASES, search_url="legal_aid:case_handle_unit_search")
    channel = forms.ChoiceField(
        label=_("申请渠道"), choices=[(c.value, c.label) for c in (Channel.HOTLINE, Channel.VISIT)]
    )
    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=64)
    applicant_phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=20,
        required=False,
        help_text=_("填写后按会员名册核对会员身份；加密保存，只显示脱敏号码。"),
    )


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("审查决定"),
        choices=[("1", _("给予法律援助")), ("0", _("不予援助"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("审查意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予援助时须说明理由（不符合条件的，默认写明不符合的规则）。"),
    )


class AssignForm(forms.Form):
    """The lawyer, among those the case may have (``lawyers``: the active roster of its union and above)."""

    lawyer: forms.ModelChoiceField[Lawyer] = forms.ModelChoiceField(
        label=_("承办律师"), queryset=Lawyer.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, lawyers: Sequence[Lawyer] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lawyer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Lawyer.objects.filter(pk__in=[lw.pk for lw in lawyers]).order_by("name")


class ProgressForm(forms.Form):
    stage = forms.ChoiceField(label=_("办理阶段"), choices=CaseStage.choices)
    on = forms.DateField(label=_("日期"), widget=DateInput())
    note = forms.CharField(label=_("进展情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    arbitration_accepted_on = forms.DateField(
        label=_("仲裁受理日期"),
        required=False,
        widget=DateInput(),
        help_text=_("进入仲裁阶段时填写；仲裁庭应自受理之日起 45 日（自然日）内结束。"),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结案结果"), choices=CaseOutcome.choices)
    amount_recovered = forms.DecimalField(
        label=_("挽回金额（元）"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    note = forms.CharField(
        label=_("结案说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("费用类别"), choices=FeeKind.choices)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    bank_name = forms.CharField(label=_("开户银行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("收款账号"), max_length=40, required=False)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("您对法律援助的评价"), choices=Rating.choices, widget=forms.RadioSelect)


class DocumentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("材料类别"), choices=list(PURPOSES.items()))
    uploads = AttachmentField(label=_("照片或扫描件"), camera=True)


class LawyerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40)
    firm = forms.CharField(label=_("律师事务所"), max_length=120)
    licence_no = forms.CharField(label=_("执业证号"), max_length=20)
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    specialties = forms.MultipleChoiceField(
        label=_("擅长领域"), choices=DisputeKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("在册"), required=False, initial=True)


class LawyerNewForm(LawyerForm):
    field_order = ["unit"]
    unit = UnitPickerField(label=_("所属工会"), perm=HANDLE_CASES, search_url="legal_aid:case_handle_unit_search")
