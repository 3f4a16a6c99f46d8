"""Documents of hardship applications and home visits, through the kernel's private attachments.

**An application** carries the household's supporting documents (证明材料): income proofs, medical records,
disability cards, school certificates and the like. They are sensitive (health, income, identity): every opening
is audited by the kernel. Who may see them: the applicant, and staff holding ``assistance.view_hardship`` at the
application's union or above. Who may add or remove one: the applicant while the application is a draft, waiting
for the home visit or returned for changes (the portal), and the union's clerk (``assistance.manage_hardship``)
while it is still being handled (draft, waiting for the visit, visited, returned). Once it has gone to review or
been decided, the documents are the record the decision was made on and stay as they are.

Which documents an application needs depends on its cause (:data:`REQUIRED_BY_CAUSE`): always an income proof, and
the proof of the cause itself (a medical record for illness, the disability card, the school's certificate, ...).
The "what is missing" list names those not yet uploaded (:func:`missing_purposes`).

**A home visit** carries the photos taken in the household and the visit record signed by the household and both
visitors, photographed on the spot (images only). The visit cannot be recorded without the signed record
(``services.visit_record``). Staff only: ``assistance.view_hardship`` sees them, ``assistance.manage_hardship``
adds photos while the application has not gone to review.

"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.assistance.models import HardshipApplication, HardshipCause, HardshipStatus, HomeVisit
from gonghui.assistance.permissions import MANAGE_HARDSHIP, VIEW_HARDSHIP
from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor

# -- purposes of an application's documents ------------------------------------------------------------------------
INCOME = "income"
MEDICAL = "medical"
DISABILITY = "disability"
SCHOOLING = "schooling"
DISASTER = "disaster"
UNEMPLOYMENT = "unemployment"
ACCIDENT = "accident"
FAMILY = "family"
OTHER = "other"

APPLICATION_PURPOSES = {
    INCOME: gettext_lazy("收入证明（工资单、养老金、补贴等）"),
    MEDICAL: gettext_lazy("病历、诊断证明与医疗费用票据"),
    DISABILITY: gettext_lazy("残疾人证"),
    SCHOOLING: gettext_lazy("在学证明与学费票据"),
    DISASTER: gettext_lazy("受灾证明"),
    UNEMPLOYMENT: gettext_lazy("失业登记证明"),
    ACCIDENT: gettext_lazy("事故证明或医疗票据"),
    FAMILY: gettext_lazy("婚姻或家庭状况证明（离婚证、死亡证明等）"),
    OTHER: gettext_lazy("其他材料"),
}

REQUIRED_BY_CAUSE: dict[str, tuple[str, ...]] = {
    HardshipCause.ILLNESS: (INCOME, MEDICAL),
    HardshipCause.DISABILITY: (INCOME, DISABILITY),
    HardshipCause.SCHOOLING: (INCOME, SCHOOLING),
    HardshipCause.DISASTER: (INCOME, DISASTER),
    HardshipCause.UNEMPLOYMENT: (INCOME, UNEMPLOYMENT),
    HardshipCause.SINGLE_PARENT: (INCOME, FAMILY),
    HardshipCause.ACCIDENT: (INCOME, ACCIDENT),
    HardshipCause.OTHER: (INCOME,),
}
"""The documents an application of each cause needs before the union sends it to review."""

WORKER_OPEN = (HardshipStatus.DRAFT, HardshipStatus.SUBMITTED, HardshipStatus.RETURNED)
STAFF_OPEN = (HardshipStatus.DRAFT, HardshipStatus.SUBMITTED, HardshipStatus.VISITED, HardshipStatus.RETURNED)


def required_purposes(application: HardshipApplication) -> tuple[str, ...]:
    return REQUIRED_BY_CAUSE.get(application.cause, (INCOME,))


def missing_purposes(application: HardshipApplication, present: set[str]) -> list[str]:
    """The required purposes of ``application`` with no document among ``present`` (purposes of its files)."""
    return [purpose for purpose in required_purposes(application) if purpose not in present]


def _is_applicant(actor: Actor, application: HardshipApplication) -> bool:
    return access.is_self(actor, application.member.user_id)


def _application_can_view(actor: Actor, application: HardshipApplication) -> bool:
    return _is_applicant(actor, application) or access.check(actor, VIEW_HARDSHIP, application.unit)


def _application_can_change(actor: Actor, application: HardshipApplication) -> bool:
    if _is_applicant(actor, application) and application.status in WORKER_OPEN:
        return True
    return access.check(actor, MANAGE_HARDSHIP, application.unit)


def _application_check_open(application: HardshipApplication) -> None:
    if application.status not in STAFF_OPEN:
        raise ValidationError(_("申请已进入审核或已办结，证明材料不能再增减。"), code="stale")


APPLICATION_OWNER = Owner(
    model="assistance.HardshipApplication",
    unit=lambda application: application.unit,
    can_view=_application_can_view,
    can_add=_application_can_change,
    can_remove=_application_can_change,
    purposes=APPLICATION_PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=30,
    sensitive=True,
    check_open=_application_check_open,
)

# -- the home visit ------------------------------------------------------------------------------------------------
VISIT_PHOTO = "photo"
SIGNED_RECORD = "signed_record"

VISIT_PURPOSES = {
    VISIT_PHOTO: gettext_lazy("走访照片"),
    SIGNED_RECORD: gettext_lazy("签字的调查记录"),
}


def _visit_unit(visit: HomeVisit) -> Any:
    return visit.application.unit


def _visit_can_view(actor: Actor, visit: HomeVisit) -> bool:
    return access.check(actor, VIEW_HARDSHIP, visit.application.unit)


def _visit_can_change(actor: Actor, visit: HomeVisit) -> bool:
    return access.check(actor, MANAGE_HARDSHIP, visit.application.unit)


def _visit_check_open(visit: HomeVisit) -> None:
    status = HardshipApplication.objects.filter(pk=visit.application_id).values_list("status", flat=True).first()
    if status != HardshipStatus.VISITED:
        raise ValidationError(_("申请已进入审核或已办结，入户调查的照片不能再增减。"), code="stale")


VISIT_OWNER = Owner(
    model="assistance.HomeVisit",
    unit=_visit_unit,
    can_view=_visit_can_view,
    can_add=_visit_can_change,
    can_remove=_visit_can_change,
    purposes=VISIT_PURPOSES,
    kinds=frozenset({Kind.IMAGE}),
    max_count=20,
    sensitive=True,
    check_open=_visit_check_open,
)

OWNERS = [APPLICATION_OWNER, VISIT_OWNER]
