"""Reads of mutual-aid claims: staff lists scoped by ``mutual_aid.view``, a worker's own claims, the payments read
back from finance, the queue counts and the facts a reviewer decides on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.mutual_aid.models import Claim, ClaimAppeal, ClaimEvent, ClaimInvoice, ClaimStatus
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue, queue_of
from gonghui.review.hooks import Fact
from gonghui.review.models import ReviewCase

SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "-submitted": "-submitted_on",
    "submitted": "submitted_on",
    "-event": "-event_on",
    "event": "event_on",
    "-amount": "-amount",
    "amount": "amount",
    "-claimed": "-claimed_total",
    "claimed": "claimed_total",
}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def claim_list(
    *, actor: Actor, status: str = "", kind: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Claim]:
    """Claims in the actor's scope (a member's own drafts are not the union's yet: only drafts a clerk filed on a
    member's behalf are listed)."""
    qs = access.scope(Claim.objects.all(), actor, VIEW_MUTUAL_AID).filter(
        ~Q(status=ClaimStatus.DRAFT) | Q(on_behalf=True)
    )
    if status in ClaimStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q) | Q(claim_no=q.upper()))
    return qs.select_related("member", "unit").order_by("-created_at", "-pk")


def claim_counts(*, actor: Actor) -> dict[str, int]:
    """The queue's counts by status in the actor's scope (one query)."""
    qs = access.scope(Claim.objects.all(), actor, VIEW_MUTUAL_AID).filter(
        ~Q(status=ClaimStatus.DRAFT) | Q(on_behalf=True)
    )
    found = {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("pk"))}
    return {value: found.get(value, 0) for value in ClaimStatus.values}


def claim_get(*, actor: Actor, claim_id: object) -> Claim:
    claim = (
        Claim.objects.select_related("member", "unit", "plan", "version", "payer_unit", "filed_by", "review_case")
        .filter(pk=_as_int(claim_id))
        .first()
    )
    if claim is None or (claim.status == ClaimStatus.DRAFT and not claim.on_behalf):
        raise access.NotVisible
    access.require_visible(actor, VIEW_MUTUAL_AID, claim.unit)
    return claim


def member_find(*, actor: Actor, perm: str, member_no: str) -> Member | None:
    """A member by number within the actor's scope for ``perm`` (the clerk's "on behalf" form)."""
    number = (member_no or "").strip()
    if not number:
        return None
    return access.scope(Member.objects.filter(member_no=number), actor, perm).select_related("unit").first()


def claim_invoices(claim: Claim) -> list[ClaimInvoice]:
    return list(ClaimInvoice.objects.filter(claim=claim).order_by("issued_on", "pk"))


def claim_events(claim: Claim) -> list[ClaimEvent]:
    return list(ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("at", "pk"))


def claim_appeal_of(claim: Claim) -> ClaimAppeal | None:
    return ClaimAppeal.objects.filter(claim=claim).select_related("reviewer_unit").first()


def claim_payments(claim: Claim) -> list[PaymentRequest]:
    """The payment requests of the claim (the decision's, then an appeal's difference), read from finance."""
    return list(payments_for_source(source=claim.source).select_related("ledger__unit"))


# --- the worker's own ---------------------------------------------------------------------------------------------


def my_claim_member(*, actor: Actor) -> Member | None:
    return my_member(actor=actor)


def my_claims(*, actor: Actor) -> QuerySet[Claim]:
    member = my_member(actor=actor)
    if member is None or member.user_id is None:
        return Claim.objects.none()
    return Claim.objects.filter(member__user_id=member.user_id).select_related("unit").order_by("-created_at")


def my_claim_or_none(*, actor: Actor, claim_id: object) -> Claim | None:
    """The worker's own claim (any member record of theirs), or ``None``."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    claim = (
        Claim.objects.select_related("member", "unit", "plan", "version", "review_case")
        .filter(pk=_as_int(claim_id), member__user_id=actor.pk)
        .first()
    )
    if claim is None or not access.is_self(actor, claim.member.user_id):
        return None
    return claim


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    current: bool = False


def claim_steps(claim: Claim, payments: list[PaymentRequest]) -> list[Step]:
    """The worker's view of where the claim is: filled in, reviewed, decided, paid."""
    S = ClaimStatus
    status = claim.status
    decided = status in (S.APPROVED, S.REJECTED)
    paid = bool(payments) and all(p.status == "paid" for p in payments)
    return [
        Step(_("填写申请"), status not in (S.DRAFT, S.RETURNED), current=status in (S.DRAFT, S.RETURNED)),
        Step(_("审核核定"), decided, current=status == S.IN_REVIEW),
        Step(_("核定结果"), decided, current=decided and not (status == S.APPROVED and claim.amount)),
        Step(_("给付发放"), paid, current=status == S.APPROVED and bool(claim.amount) and not paid),
    ]


# --- the review cases' facts --------------------------------------------------------------------------------------


def claim_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """What a reviewer decides on: the member (masked), the benefit, the amounts; the illness stays behind the
    claim page's reveal."""
    claim = Claim.objects.select_related("member", "unit").filter(pk=case.subject_id).first()
    if claim is None:
        return []
    return [
        Fact(_("申请人"), mask_name(claim.member.name), hint=claim.unit.name),
        Fact(_("保障责任"), claim.get_kind_display()),
        Fact(_("票据金额合计"), f"{claim.claimed_total:,.2f}"),
        Fact(_("计算给付金额"), f"{claim.computed:,.2f}" if claim.computed is not None else "—"),
        Fact(_("申请详情"), reverse("mutual_aid:claim_detail", args=[claim.pk])),
    ]


def claim_case_portal_url(case: ReviewCase) -> str:
    return reverse("mutual_aid_portal:claim_detail", args=[case.subject_id])


def appeal_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    appeal = ClaimAppeal.objects.select_related("claim__member", "claim__unit").filter(pk=case.subject_id).first()
    if appeal is None:
        return []
    claim = appeal.claim
    return [
        Fact(_("申请人"), mask_name(claim.member.name), hint=claim.unit.name),
        Fact(_("原核定金额"), f"{appeal.previous_amount or 0:,.2f}"),
        Fact(_("申请详情"), reverse("mutual_aid:claim_detail", args=[claim.pk])),
    ]


def appeal_case_portal_url(case: ReviewCase) -> str:
    appeal = ClaimAppeal.objects.filter(pk=case.subject_id).first()
    claim_id = appeal.claim_id if appeal is not None else 0
    return reverse("mutual_aid_portal:claim_detail", args=[claim_id])


def claims_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Claims of ``unit``'s subtree waiting for a decision, for the one-screen overview (which checks that the
    reader may see ``unit`` first: the whole subtree is then theirs). Claims have no decision deadline: no
    overdue count."""
    return queue_of(
        Claim.objects.filter(unit__path__startswith=unit.path, status=ClaimStatus.IN_REVIEW), since="submitted_on"
    )
