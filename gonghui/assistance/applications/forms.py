"""Forms of hardship applications (input parsing only; the services validate again): the household on one page
(a fixed number of rows, blank rows ignored, usable on a phone), the home visit, the union's decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.applications import attachments as documents
from gonghui.assistance.applications.services import CostInput, Household, IncomeInput, PersonInput
from gonghui.assistance.models import CostKind, HardshipApplication, HardshipCause, IncomeSource, Relation, Schooling
from gonghui.attachments.forms import AttachmentField
from gonghui.common.widgets import DateInput

PEOPLE_ROWS = 6
INCOME_ROWS = 4
COST_ROWS = 3


class HouseholdForm(forms.Form):
    cause = forms.ChoiceField(label=_("致困原因"), choices=HardshipCause.choices)
    cause_note = forms.CharField(
        label=_("困难情况说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(PEOPLE_ROWS):
            self.fields[f"p{i}_name"] = forms.CharField(label=_("姓名"), max_length=64, required=False)
            self.fields[f"p{i}_relation"] = forms.ChoiceField(
                label=_("关系"), choices=Relation.choices, initial=Relation.SELF if i == 0 else Relation.CHILD
            )
            self.fields[f"p{i}_id_number"] = forms.CharField(label=_("身份证号"), max_length=20, required=False)
            self.fields[f"p{i}_health"] = forms.CharField(label=_("健康状况"), max_length=500, required=False)
            self.fields[f"p{i}_schooling"] = forms.ChoiceField(
                label=_("就学情况"), choices=Schooling.choices, initial=Schooling.NONE
            )
            self.fields[f"p{i}_school_name"] = forms.CharField(label=_("学校"), max_length=100, required=False)
        for i in range(INCOME_ROWS):
            self.fields[f"i{i}_source"] = forms.ChoiceField(label=_("收入来源"), choices=IncomeSource.choices)
            self.fields[f"i{i}_earner"] = forms.CharField(label=_("收入人"), max_length=64, required=False)
            self.fields[f"i{i}_amount"] = forms.DecimalField(
                label=_("月收入（元）"), max_digits=12, decimal_places=2, min_value=0, required=False
            )
        for i in range(COST_ROWS):
            self.fields[f"c{i}_kind"] = forms.ChoiceField(label=_("刚性支出"), choices=CostKind.choices)
            self.fields[f"c{i}_note"] = forms.CharField(label=_("说明"), max_length=200, required=False)
            self.fields[f"c{i}_amount"] = forms.DecimalField(
                label=_("月均金额（元）"), max_digits=12, decimal_places=2, min_value=0, required=False
            )

    def rows(self, prefix: str, count: int, names: tuple[str, ...]) -> list[list[Any]]:
        return [[self[f"{prefix}{i}_{n}"] for n in names] for i in range(count)]

    @property
    def people_rows(self) -> list[list[Any]]:
        return self.rows("p", PEOPLE_ROWS, ("name", "relation", "id_number", "health", "schooling", "school_name"))

    @property
    def income_rows(self) -> list[list[Any]]:
        return self.rows("i", INCOME_ROWS, ("source", "earner", "amount"))

    @property
    def cost_rows(self) -> list[list[Any]]:
        return self.rows("c", COST_ROWS, ("kind", "note", "amount"))

    def household(self) -> Household:
        d = self.cleaned_data
        people = [
            PersonInput(
                name=d[f"p{i}_name"],
                relation=d[f"p{i}_relation"],
                id_number=d[f"p{i}_id_number"],
                health=d[f"p{i}_health"],
                schooling=d[f"p{i}_schooling"],
                school_name=d[f"p{i}_school_name"],
            )
            for i in range(PEOPLE_ROWS)
            if (d.get(f"p{i}_name") or "").strip()
        ]
        incomes = [
            IncomeInput(source=d[f"i{i}_source"], amount=d[f"i{i}_amount"], earner=d[f"i{i}_earner"])
            for i in range(INCOME_ROWS)
            if d.get(f"i{i}_amount") is not None
        ]
        costs = [
            CostInput(kind=d[f"c{i}_kind"], amount=d[f"c{i}_amount"], note=d[f"c{i}_note"])
            for i in range(COST_ROWS)
            if d.get(f"c{i}_amount") is not None
        ]
        return Household(cause=d["cause"], cause_note=d["cause_note"], people=people, incomes=incomes, costs=costs)

    @classmethod
    def initial_from(cls, application: HardshipApplication) -> dict[str, Any]:
        """The stored household as the form's initial values (ID numbers are not shown again: re-enter to change)."""
        initial: dict[str, Any] = {"cause": application.cause, "cause_note": application.cause_note}
        for i, p in enumerate(list(application.people.all())[:PEOPLE_ROWS]):
            initial.update(
                {
                    f"p{i}_name": p.name,
                    f"p{i}_relation": p.relation,
                    f"p{i}_schooling": p.schooling,
                    f"p{i}_school_name": p.school_name,
                }
            )
        for i, line in enumerate(list(application.incomes.all())[:INCOME_ROWS]):
            initial.update(
                {f"i{i}_source": line.source, f"i{i}_earner": line.earner, f"i{i}_amount": line.monthly_amount}
            )
        for i, cost in enumerate(list(application.costs.all())[:COST_ROWS]):
            initial.update({f"c{i}_kind": cost.kind, f"c{i}_note": cost.note, f"c{i}_amount": cost.monthly_amount})
        return initial


class MemberPickForm(forms.Form):
    member_no = forms.CharField(label=_("会员编号"), max_length=24)


class VisitForm(forms.Form):
    # A date input takes only ISO dates: the Chinese locale's "2026/12/06" would leave it empty and the browser,
    # finding the required field blank, would refuse to submit the form without a word.
    visited_on = forms.DateField(label=_("调查日期"), widget=DateInput())
    partner = forms.CharField(label=_("另一位调查人（用户名）"), max_length=150)
    findings = forms.CharField(label=_("调查情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    income_confirmed = forms.BooleanField(label=_("申报收入与调查相符"), required=False, initial=True)
    signed_record = AttachmentField(
        label=_("签字的调查记录（拍照）"),
        accept="image",
        camera=True,
        max_files=1,
        help_text=_("请拍摄经户主和两名调查人签字的调查记录；没有签字记录不能保存。"),
    )
    photos = AttachmentField(label=_("走访照片"), accept="image", camera=True, max_files=10, required=False)


class DocumentForm(forms.Form):
    """Supporting documents of an application: a purpose and one or more files (photos or PDF)."""

    purpose = forms.ChoiceField(label=_("材料类别"))
    uploads = AttachmentField(label=_("证明材料"), camera=True, max_files=10)

    def __init__(self, *args: Any, purposes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        purpose = self.fields["purpose"]
        assert isinstance(purpose, forms.ChoiceField)
        purpose.choices = purposes


def document_purposes(application: HardshipApplication) -> list[tuple[str, str]]:
    """The purposes offered for ``application``: the ones its cause requires first, then the others."""
    required = documents.required_purposes(application)
    order = [*required, *(p for p in documents.APPLICATION_PURPOSES if p not in required)]
    choices = [
        (p, _("%(label)s（必交）") % {"label": documents.APPLICATION_PURPOSES[p]} if p in required else "")
        for p in order
    ]
    return [(p, label or str(documents.APPLICATION_PURPOSES[p])) for p, label in choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)
