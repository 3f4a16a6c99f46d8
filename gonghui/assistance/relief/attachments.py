"""A relief claim's documents through the kernel's private attachments: the photos or scans of the medical invoices
and the basic medical insurance settlement sheet (医保结算单).

- **Who adds and removes**: the member on their own claim (the portal, with the phone camera), or a clerk holding
  ``assistance.manage_relief`` at the member's union (the console), while the claim is a draft or returned for
  correction; once submitted, the documents are what the reviewers decided on and stay as they are.
- **Who opens them**: the member; staff holding ``assistance.reveal_relief_health`` at the claim's union (the
  reviewers and the chair, who may see the health data anyway); and the clerk of a claim filed on the member's
  behalf (``on_behalf``: the clerk scanned the papers). The files show hospitals and diagnoses: every opening is
  audited (``sensitive``), and no list shows a thumbnail of them.
- **What is required**: before submission, the settlement sheet and at least one invoice image
  (:func:`documents_missing`, part of ``services.relief_missing``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.assistance.permissions import MANAGE_RELIEF, REVEAL_RELIEF_HEALTH
from gonghui.attachments.registry import Kind, Owner
from gonghui.attachments.selectors import attachments_by_owner
from gonghui.authz import access
from gonghui.authz.access import Actor

INVOICE = "invoice"
SETTLEMENT = "settlement"
PURPOSES = {INVOICE: gettext_lazy("医疗票据照片"), SETTLEMENT: gettext_lazy("医保结算单")}
OPEN = (ReliefStatus.DRAFT, ReliefStatus.RETURNED)


def _is_claimant(actor: Actor, claim: ReliefClaim) -> bool:
    user_id = claim.member.user_id
    return user_id is not None and access.is_self(actor, user_id)


def can_view(actor: Actor, claim: ReliefClaim) -> bool:
    if _is_claimant(actor, claim):
        return True
    if claim.status == ReliefStatus.DRAFT and not claim.on_behalf:
        return False  # the member's own draft is theirs alone
    if access.check(actor, REVEAL_RELIEF_HEALTH, claim.unit):
        return True
    return claim.on_behalf and access.check(actor, MANAGE_RELIEF, claim.unit)


def can_change(actor: Actor, claim: ReliefClaim) -> bool:
    if _is_claimant(actor, claim):
        return True
    if claim.status == ReliefStatus.DRAFT and not claim.on_behalf:
        return False
    return access.check(actor, MANAGE_RELIEF, claim.unit)


def _check_open(claim: ReliefClaim) -> None:
    if claim.status not in OPEN:
        raise ValidationError(_("申请已提交或已办结，不能再增减材料。"), code="stale")


def documents_missing(claim: ReliefClaim) -> list[str]:
    """The documents a claim still needs before submission: the settlement sheet and at least one invoice image."""
    purposes = {a.purpose for a in attachments_by_owner([claim])[int(claim.pk)]}
    missing: list[str] = []
    if INVOICE not in purposes:
        missing.append(_("至少一张医疗票据照片"))
    if SETTLEMENT not in purposes:
        missing.append(_("医保结算单照片或扫描件"))
    return missing


RELIEF_OWNER = Owner(
    model="assistance.ReliefClaim",
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
