"""A mutual-aid claim's documents through the kernel's private attachments: photos of the medical invoices and of
the discharge summary (出院小结) or diagnosis certificate.

- **Who adds and removes**: the member on their own claim (the portal, with the phone camera), or a clerk holding
  ``mutual_aid.manage_claims`` at the claim's union, while the claim is a draft or returned for correction.
- **Who opens them**: the member; staff holding ``mutual_aid.reveal_claim_health`` at the claim's union (reviewers,
  the chair); the clerk of a claim filed on the member's behalf. Every opening is audited (``sensitive``).
- **What is required**: before submission, at least one invoice image and the discharge summary
  (:func:`documents_missing`). A death benefit needs the death certificate in place of both (same purpose
  "discharge"), and no invoice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.attachments.selectors import attachments_by_owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.mutual_aid.models import BenefitKind, Claim, ClaimStatus
from gonghui.mutual_aid.permissions import MANAGE_CLAIMS, REVEAL_CLAIM_HEALTH

INVOICE = "invoice"
DISCHARGE = "discharge"
PURPOSES = {INVOICE: gettext_lazy("医疗票据照片"), DISCHARGE: gettext_lazy("出院小结或诊断证明")}
OPEN = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)


def _is_claimant(actor: Actor, claim: Claim) -> bool:
    user_id = claim.member.user_id
    return user_id is not None and access.is_self(actor, user_id)


def can_view(actor: Actor, claim: Claim) -> bool:
    if _is_claimant(actor, claim):
        return True
    if claim.status == ClaimStatus.DRAFT and not claim.on_behalf:
        return False  # the member's own draft is theirs alone
    if access.check(actor, REVEAL_CLAIM_HEALTH, claim.unit):
        return True
    return claim.on_behalf and access.check(actor, MANAGE_CLAIMS, claim.unit)


def can_change(actor: Actor, claim: Claim) -> bool:
    if _is_claimant(actor, claim):
        return True
    if claim.status == ClaimStatus.DRAFT and not claim.on_behalf:
        return False
    return access.check(actor, MANAGE_CLAIMS, claim.unit)


def _check_open(claim: Claim) -> None:
    if claim.status not in OPEN:
        raise ValidationError(_("申请已提交或已办结，不能再增减材料。"), code="stale")


def documents_missing(claim: Claim) -> list[str]:
    """The documents a claim still needs before submission."""
    purposes = {a.purpose for a in attachments_by_owner([claim])[int(claim.pk)]}
    missing: list[str] = []
    if claim.kind != BenefitKind.DEATH and INVOICE not in purposes:
        missing.append(_("至少一张医疗票据照片"))
    if DISCHARGE not in purposes:
        missing.append(_("出院小结或诊断证明照片"))
    return missing


CLAIM_OWNER = Owner(
    model="mutual_aid.Claim",
    unit=lambda claim: claim.unit,
    can_view=can_view,
    can_add=can_change,
    can_remove=can_change,
    purposes=PURPOSES,
    kinds=frozenset({Kind.IMAGE, Kind.PDF}),
    max_count=40,
    sensitive=True,
    check_open=_check_open,
)
