"""Forms of the bargaining case (console): input parsing only, the services validate again. Each form on the
case page has its own prefix so that several forms share the page without clashing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.attachments.forms import AttachmentField
from gonghui.bargaining.models import AgreementKind, BargainingLevel, Side, Subject
from gonghui.common.widgets import DateInput
from gonghui.orgs.models import Employer, OrgUnit


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("工会"), queryset=OrgUnit.objects.none())
    level = forms.ChoiceField(label=_("协商层级"), choices=BargainingLevel.choices)
    kind = forms.ChoiceField(label=_("合同类型"), choices=AgreementKind.choices, initial=AgreementKind.WAGE)
    employer = forms.ModelChoiceField(
        label=_("企业"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_("企业集体合同必选；区域性、行业性不选。"),
    )
    employer_party = forms.CharField(
        label=_("企业方（或企业代表组织）"),
        max_length=120,
        required=False,
        help_text=_("企业集体合同可留空（即企业名称）；区域性、行业性填企业代表组织。"),
    )
    title = forms.CharField(label=_("名称"), max_length=160)
    initiated_by = forms.ChoiceField(label=_("要约方"), choices=Side.choices, initial=Side.UNION)
    requested_on = forms.DateField(label=_("要约日期"), widget=DateInput())
    request_text = forms.CharField(
        label=_("要约内容"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    prefix = "reply"
    agree = forms.TypedChoiceField(
        label=_("回应"),
        choices=[("1", _("同意协商")), ("0", _("拒绝协商"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    replied_on = forms.DateField(label=_("回应日期"), widget=DateInput())
    text = forms.CharField(
        label=_("回应内容"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("拒绝协商时必须说明理由。"),
    )


class NegotiatorForm(forms.Form):
    prefix = "negotiator"
    side = forms.ChoiceField(label=_("所属方"), choices=Side.choices)
    name = forms.CharField(label=_("姓名"), max_length=40)
    position = forms.CharField(label=_("职务"), max_length=60, required=False)
    is_chief = forms.BooleanField(label=_("首席代表"), required=False)


class SessionForm(forms.Form):
    prefix = "session"
    held_on = forms.DateField(label=_("协商日期"), widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    minutes = forms.CharField(label=_("会议纪要"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))
    signed = forms.BooleanField(label=_("双方首席代表已签字"), required=False)
    uploads = AttachmentField(label=_("签字的会议纪要"), required=False, max_files=5)


class SubjectForm(forms.Form):
    prefix = "subject"
    subject = forms.ChoiceField(label=_("协商事项"), choices=Subject.choices)
    content = forms.CharField(label=_("约定内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    wage_increase = forms.DecimalField(
        label=_("工资增长幅度（%）"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("劳动报酬事项必填。"),
    )


class StaffVoteForm(forms.Form):
    prefix = "staffvote"
    total = forms.IntegerField(label=_("全体职工人数"), min_value=1)
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0, initial=0)
    voted_on = forms.DateField(label=_("表决日期"), widget=DateInput())


class CongressVoteForm(forms.Form):
    prefix = "congressvote"
    item_id = forms.TypedChoiceField(label=_("职代会议程（已计票）"), coerce=int, choices=())

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_id"].choices = items  # type: ignore[attr-defined]


class SignForm(forms.Form):
    prefix = "sign"
    signed_on = forms.DateField(label=_("签订日期"), widget=DateInput())
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=60, initial=12)
    starts_on = forms.DateField(
        label=_("起始日期"), widget=DateInput(), required=False, help_text=_("留空为签订日期。")
    )
