"""A legal aid case's documents through the kernel's private attachments: the labour contract, pay slips, the
employer's notices, the arbitration papers and court judgments.

- **Who adds them**: the worker on their own case (the portal, with the phone camera) while it is open; staff
  holding ``legal_aid.handle_cases`` at the case's union while it is open.
- **Who opens them**: the worker; staff holding ``legal_aid.handle_cases`` at the case's union. Every opening is
  audited (``sensitive``): the documents are the worker's personal data.
- **Who removes them**: whoever may add them, while the case has not been decided (after that, the file stays).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.legal_aid.models import CaseStatus, LegalAidCase
from gonghui.legal_aid.permissions import HANDLE_CASES

CONTRACT = "contract"
EVIDENCE = "evidence"
PAPERS = "papers"
PURPOSES = {
    CONTRACT: gettext_lazy("劳动合同或工作证明"),
    EVIDENCE: gettext_lazy("工资条、考勤等证据"),
    PAPERS: gettext_lazy("仲裁或诉讼文书"),
}
OPEN = (CaseStatus.APPLIED, CaseStatus.ACCEPTED, CaseStatus.ASSIGNED)


def _is_applicant(actor: Actor, case: LegalAidCase) -> bool:
    user_id = case.member.user_id if case.member is not None else None
    return user_id is not None and access.is_self(actor, user_id)


def can_view(actor: Actor, case: LegalAidCase) -> bool:
    return _is_applicant(actor, case) or access.check(actor, HANDLE_CASES, case.unit)


def can_add(actor: Actor, case: LegalAidCase) -> bool:
    return can_view(actor, case)


def can_remove(actor: Actor, case: LegalAidCase) -> bool:
    return case.status == CaseStatus.APPLIED and can_view(actor, case)


def _check_open(case: LegalAidCase) -> None:
    if case.status not in OPEN:
        raise ValidationError(_("案件已办结，不能再增减材料。"), code="stale")


CASE_OWNER = Owner(
    model="legal_aid.LegalAidCase",
    unit=lambda case: case.unit,
    can_view=can_view,
    can_add=can_add,
    can_remove=can_remove,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=40,
    sensitive=True,
    check_open=_check_open,
)
