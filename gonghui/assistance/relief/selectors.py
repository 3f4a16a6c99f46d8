"""Reads of critical-illness relief: staff lists scoped by ``assistance.view_relief``, a worker's own claims, the
payment read back from finance, statistics by month and by cost band, and the facts a reviewer decides on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.assistance.models import ReliefClaim, ReliefEvent, ReliefInvoice, ReliefShare, ReliefStatus
from gonghui.assistance.permissions import VIEW_RELIEF
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.common.money import cents
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.review.hooks import Fact
from gonghui.review.models import ReviewCase

SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "-submitted": "-submitted_on",
    "submitted": "submitted_on",
    "-amount": "-amount",
    "amount": "amount",
    "-oop": "-out_of_pocket",
    "oop": "out_of_pocket",
}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def relief_list(
    *, actor: Actor, status: str = "", year: int | None = None, unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[ReliefClaim]:
    """Claims in the actor's scope (drafts a member is still writing are not the union's yet: only drafts a
    clerk filed on a member's behalf are listed)."""
    qs = access.scope(ReliefClaim.objects.all(), actor, VIEW_RELIEF).filter(
        ~Q(status=ReliefStatus.DRAFT) | Q(on_behalf=True)
    )
    if status in ReliefStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q))
    return qs.select_related("member", "unit").order_by("-created_at", "-pk")


def relief_get(*, actor: Actor, claim_id: object) -> ReliefClaim:
    claim = (
        ReliefClaim.objects.select_related("member", "unit", "payer_unit", "filed_by", "review_case")
        .filter(pk=_as_int(claim_id))
        .first()
    )
    if claim is None or (claim.status == ReliefStatus.DRAFT and not claim.on_behalf):
        raise access.NotVisible
    access.require_visible(actor, VIEW_RELIEF, claim.unit)
    return claim


def relief_member_find(*, actor: Actor, perm: str, member_no: str) -> Member | None:
    """A member by number within the actor's scope for ``perm`` (the clerk's "on behalf" form)."""
    number = (member_no or "").strip()
    if not number:
        return None
    return access.scope(Member.objects.filter(member_no=number), actor, perm).select_related("unit").first()


def relief_invoices(claim: ReliefClaim) -> list[ReliefInvoice]:
    return list(ReliefInvoice.objects.filter(claim=claim).order_by("starts_on", "pk"))


def relief_events(claim: ReliefClaim) -> list[ReliefEvent]:
    return list(ReliefEvent.objects.filter(claim=claim).select_related("actor").order_by("at", "pk"))


def relief_shares(claim: ReliefClaim) -> list[ReliefShare]:
    return list(ReliefShare.objects.filter(claim=claim).order_by("band_from"))


def relief_payment(claim: ReliefClaim) -> PaymentRequest | None:
    """The payment request of the claim, read from finance (its status is finance's, never stored here)."""
    return payments_for_source(source=claim.source).select_related("ledger__unit").first()


# --- the worker's own ---------------------------------------------------------------------------------------------


def my_relief_member(*, actor: Actor) -> Member | None:
    return my_member(actor=actor)


def my_claims(*, actor: Actor) -> QuerySet[ReliefClaim]:
    member = my_member(actor=actor)
    if member is None or member.user_id is None:
        return ReliefClaim.objects.none()
    return ReliefClaim.objects.filter(member__user_id=member.user_id).select_related("unit").order_by("-created_at")


def my_claim_or_none(*, actor: Actor, claim_id: object) -> ReliefClaim | None:
    """The worker's own claim (any member record of theirs), or ``None``."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    claim = (
        ReliefClaim.objects.select_related("member", "unit", "review_case")
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


def relief_steps(claim: ReliefClaim, payment: PaymentRequest | None) -> list[Step]:
    """The worker's view of where the claim is: filled in, submitted, reviewed, decided, paid."""
    S = ReliefStatus
    status = claim.status
    reviewed = status in (S.APPROVED, S.REJECTED)
    paid = payment is not None and payment.status == "paid"
    return [
        Step(_("填写申请"), status != S.DRAFT, current=status in (S.DRAFT, S.RETURNED)),
        Step(_("逐级审核"), reviewed, current=status == S.IN_REVIEW),
        Step(_("审批结果"), reviewed, current=reviewed and not (status == S.APPROVED and claim.amount)),
        Step(_("救助金发放"), paid, current=status == S.APPROVED and bool(claim.amount) and not paid),
    ]


# --- the review case's facts --------------------------------------------------------------------------------------


def relief_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    """What a reviewer decides on: the member (masked name), the costs, the computed relief; the diagnosis stays on
    the claim page behind its reveal."""
    claim = ReliefClaim.objects.select_related("member", "unit").filter(pk=case.subject_id).first()
    if claim is None:
        return []
    return [
        Fact(_("申请人"), mask_name(claim.member.name), hint=claim.unit.name),
        Fact(_("票据张数"), str(ReliefInvoice.objects.filter(claim=claim).count())),
        Fact(_("个人自付合计"), f"{claim.out_of_pocket:,.2f}"),
        Fact(_("测算救助金额"), f"{claim.amount:,.2f}" if claim.amount is not None else "—"),
        Fact(_("申请详情"), reverse("assistance:relief_detail", args=[claim.pk])),
    ]


def relief_case_portal_url(case: ReviewCase) -> str:
    return reverse("assistance_portal:relief_detail", args=[case.subject_id])


# --- statistics ---------------------------------------------------------------------------------------------------


@dataclass
class ReliefStats:
    year: int
    months: list[tuple[int, int, Decimal]] = field(default_factory=list)  # (month, claims, amount)
    bands: list[tuple[Decimal, Decimal | None, Decimal, Decimal]] = field(default_factory=list)  # from, to, rate, sum
    cap_reduction: Decimal = Decimal("0.00")
    by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((m[2] for m in self.months), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(m[1] for m in self.months)


def relief_stats(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> ReliefStats:
    """Approved relief in ``year`` within the actor's scope (or ``unit``'s subtree): by month of decision, by cost
    band (before the yearly cap) and the cap's reductions; claims by status. Four aggregate queries."""
    access.require_anywhere(actor, VIEW_RELIEF)
    base = access.scope(ReliefClaim.objects.filter(year=year), actor, VIEW_RELIEF)
    if unit is not None:
        base = base.filter(unit__path__startswith=unit.path)
    approved = base.filter(status=ReliefStatus.APPROVED)
    stats = ReliefStats(year=year)
    by_month = {
        row["m"]: (row["n"], cents(row["s"] or 0))
        for row in approved.filter(decided_at__isnull=False)
        .annotate(m=ExtractMonth("decided_at"))
        .order_by()
        .values("m")
        .annotate(n=Count("pk"), s=Sum("amount"))
    }
    stats.months = [(m, *by_month.get(m, (0, Decimal("0.00")))) for m in range(1, 13)]
    rows = (
        ReliefShare.objects.filter(claim__in=approved)
        .order_by("band_from")
        .values("band_from", "band_to", "rate")
        .annotate(s=Sum("amount"))
    )
    stats.bands = [(r["band_from"], r["band_to"], r["rate"], cents(r["s"] or 0)) for r in rows]
    stats.cap_reduction = cents(approved.aggregate(s=Sum("cap_reduction"))["s"] or 0)
    labels = dict(ReliefStatus.choices)
    stats.by_status = [
        (str(labels.get(r["status"], r["status"])), r["n"])
        for r in base.exclude(status=ReliefStatus.DRAFT).order_by("status").values("status").annotate(n=Count("pk"))
    ]
    return stats


def stats_years(today: date) -> list[int]:
    return list(range(today.year, today.year - 5, -1))
