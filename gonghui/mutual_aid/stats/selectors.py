"""Statistics of mutual aid, scoped to the actor's ``mutual_aid.view`` subtree: the enrolment rate by union
(enrolled ÷ active members), fees received, claims and pay-outs by benefit and by illness code (pay-outs read back
from finance: a claim counts as paid when its payment request is), and the loss ratio (pay-outs ÷ fees) per plan.

Every figure is a handful of aggregate queries whatever the size of the roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat, Substr

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.members.models import Member, MemberStatus
from gonghui.mutual_aid.models import (
    BenefitKind,
    Claim,
    ClaimStatus,
    CorrectionStatus,
    EnrolledMember,
    Enrolment,
    EnrolmentCorrection,
    Plan,
)
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID
from gonghui.orgs.models import OrgUnit

ZERO = Decimal("0.00")
STEP = OrgUnit.steplen


def rate(enrolled: int, active: int) -> Decimal:
    """Enrolled ÷ active members as a fraction rounded half up to 4 places (0 when nobody is active)."""
    if active <= 0:
        return Decimal("0.0000")
    return (Decimal(enrolled) / Decimal(active)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def ratio(paid: Decimal, fees: Decimal) -> Decimal | None:
    """Pay-outs ÷ fees, 4 places (``None`` without fees)."""
    if fees <= 0:
        return None
    return (paid / fees).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateRow:
    unit: OrgUnit
    active: int
    enrolled: int

    @property
    def rate(self) -> Decimal:
        return rate(self.enrolled, self.active)


@dataclass(frozen=True)
class BenefitRow:
    key: str
    label: str
    claims: int
    approved: Decimal
    paid: Decimal


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    fees: Decimal
    paid: Decimal

    @property
    def loss_ratio(self) -> Decimal | None:
        return ratio(self.paid, self.fees)


@dataclass
class Stats:
    plan: Plan | None
    unit: OrgUnit | None
    rows: list[RateRow] = field(default_factory=list)
    total: RateRow | None = None
    fees: Decimal = ZERO
    benefits: list[BenefitRow] = field(default_factory=list)
    illnesses: list[BenefitRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return sum(b.claims for b in self.benefits)

    @property
    def approved(self) -> Decimal:
        return sum((b.approved for b in self.benefits), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((b.paid for b in self.benefits), ZERO)

    @property
    def loss_ratio(self) -> Decimal | None:
        return ratio(self.paid, self.fees)


def stats_plans(*, actor: Actor) -> QuerySet[Plan]:
    """Plans the statistics may be read for (those the actor sees)."""
    from gonghui.mutual_aid.plans.selectors import plan_scope_q

    return (
        Plan.objects.filter(plan_scope_q(actor)).exclude(status="draft").select_related("unit").order_by("-year", "-pk")
    )


def _root(actor: Actor, unit: OrgUnit | None) -> OrgUnit | None:
    if unit is not None:
        return unit
    paths = access.grant_paths(actor, VIEW_MUTUAL_AID)
    if not paths:
        return None
    return OrgUnit.objects.filter(path=min(paths, key=lambda p: (len(p), p))).first()


def _scoped(qs: QuerySet, actor: Actor, unit: OrgUnit | None, path_field: str = "unit__path") -> QuerySet:
    qs = qs.filter(access.scope_q(actor, VIEW_MUTUAL_AID, path_field=path_field))
    if unit is not None:
        qs = qs.filter(**{f"{path_field}__startswith": unit.path})
    return qs


def enrolment_rates(*, actor: Actor, plan: Plan, unit: OrgUnit | None = None) -> tuple[list[RateRow], RateRow | None]:
    """Active members and covered members of ``plan`` under ``unit`` (default: the actor's highest unit), one row
    per child union (its whole subtree) and the total. Two grouped queries and one for the children."""
    root = _root(actor, unit)
    if root is None:
        return [], None
    access.require_visible(actor, VIEW_MUTUAL_AID, root)
    width = len(root.path) + STEP
    active = {
        row["prefix"]: row["n"]
        for row in Member.objects.filter(status=MemberStatus.ACTIVE, unit__path__startswith=root.path)
        .annotate(prefix=Substr("unit__path", 1, width))
        .order_by()
        .values("prefix")
        .annotate(n=Count("pk"))
    }
    enrolled = {
        row["prefix"]: row["n"]
        for row in EnrolledMember.objects.filter(
            plan=plan,
            removed_on__isnull=True,
            excluded=False,
            covered_from__isnull=False,
            enrolment__unit__path__startswith=root.path,
        )
        .annotate(prefix=Substr("enrolment__unit__path", 1, width))
        .order_by()
        .values("prefix")
        .annotate(n=Count("pk"))
    }
    children = list(OrgUnit.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    rows = [RateRow(unit=c, active=active.get(c.path, 0), enrolled=enrolled.get(c.path, 0)) for c in children]
    rows = [r for r in rows if r.active or r.enrolled]
    own = RateRow(unit=root, active=active.get(root.path, 0), enrolled=enrolled.get(root.path, 0))
    if own.active or own.enrolled:
        rows.insert(0, own)
    total = RateRow(unit=root, active=sum(active.values()), enrolled=sum(enrolled.values()))
    return rows, total


def _fees(
    lists: QuerySet[Enrolment], pending: QuerySet[EnrolmentCorrection], key: str | None = None
) -> dict[object, Decimal]:
    """Fees received: each paid list's fees due (its first fee and its corrections') less the corrections whose
    fee has not been received yet."""
    if key is None:
        due = Decimal(lists.aggregate(s=Sum("fee_total"))["s"] or 0)
        owed = Decimal(pending.aggregate(s=Sum("fee_delta"))["s"] or 0)
        return {None: cents(due - owed)}
    due_by = {r[key]: Decimal(r["s"] or 0) for r in lists.order_by().values(key).annotate(s=Sum("fee_total"))}
    owed_by = {
        r[f"enrolment__{key}"]: Decimal(r["s"] or 0)
        for r in pending.order_by().values(f"enrolment__{key}").annotate(s=Sum("fee_delta"))
    }
    return {k: cents(v - owed_by.get(k, 0)) for k, v in due_by.items()}


def _paid_lists(actor: Actor, unit: OrgUnit | None, **filters: object) -> QuerySet[Enrolment]:
    return _scoped(Enrolment.objects.filter(paid_on__isnull=False, **filters), actor, unit)


def _pending(actor: Actor, unit: OrgUnit | None, **filters: object) -> QuerySet[EnrolmentCorrection]:
    return _scoped(
        EnrolmentCorrection.objects.filter(
            status=CorrectionStatus.CONFIRMED, enrolment__paid_on__isnull=False, **filters
        ),
        actor,
        unit,
        "enrolment__unit__path",
    )


def fees_received(*, actor: Actor, plan: Plan, unit: OrgUnit | None = None) -> Decimal:
    """Fees whose receipt the federation recorded (lists and corrections)."""
    found = _fees(_paid_lists(actor, unit, plan=plan), _pending(actor, unit, enrolment__plan=plan))
    return found[None]


def _paid_q() -> Exists:
    source = Concat(Value("mutual_aid.claim:"), Cast(OuterRef("pk"), output_field=CharField()))
    return Exists(PaymentRequest.objects.filter(source=source, status=PaymentStatus.PAID))


def _claims(actor: Actor, plan: Plan, unit: OrgUnit | None) -> QuerySet[Claim]:
    return _scoped(Claim.objects.filter(plan=plan, status=ClaimStatus.APPROVED), actor, unit).annotate(paid=_paid_q())


def _grouped(qs: QuerySet[Claim], key: str) -> list[dict[str, object]]:
    return list(
        qs.order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            approved=Sum("amount"),
            paid_sum=Sum("amount", filter=Q(paid=True)),
        )
        .order_by(key)
    )


def claims_by_benefit(*, actor: Actor, plan: Plan, unit: OrgUnit | None = None) -> list[BenefitRow]:
    """Approved claims by benefit: count, approved amount, amount paid (finance's status)."""
    labels = dict(BenefitKind.choices)
    found = {r["kind"]: r for r in _grouped(_claims(actor, plan, unit), "kind")}
    return [
        BenefitRow(
            key=kind,
            label=str(labels[kind]),
            claims=int(found.get(kind, {}).get("n", 0) or 0),  # type: ignore[call-overload]
            approved=cents(found.get(kind, {}).get("approved") or 0),
            paid=cents(found.get(kind, {}).get("paid_sum") or 0),
        )
        for kind in BenefitKind.values
    ]


def claims_by_illness(*, actor: Actor, plan: Plan, unit: OrgUnit | None = None) -> list[BenefitRow]:
    """Approved claims by illness code (the code only: the diagnosis is health data)."""
    return [
        BenefitRow(
            key=str(r["illness_code"] or ""),
            label=str(r["illness_code"] or "—"),
            claims=int(r["n"] or 0),  # type: ignore[call-overload]
            approved=cents(r["approved"] or 0),
            paid=cents(r["paid_sum"] or 0),
        )
        for r in _grouped(_claims(actor, plan, unit), "illness_code")
    ]


def loss_ratios(*, actor: Actor, unit: OrgUnit | None = None) -> list[PlanRow]:
    """Per plan the actor sees: fees received and pay-outs (paid claims) in their scope. Three queries."""
    plans = list(stats_plans(actor=actor)[:50])
    ids = [p.pk for p in plans]
    fees = _fees(
        _paid_lists(actor, unit, plan_id__in=ids), _pending(actor, unit, enrolment__plan_id__in=ids), "plan_id"
    )
    paid = {
        r["plan_id"]: r["s"]
        for r in _scoped(Claim.objects.filter(plan_id__in=ids, status=ClaimStatus.APPROVED), actor, unit)
        .annotate(paid=_paid_q())
        .filter(paid=True)
        .order_by()
        .values("plan_id")
        .annotate(s=Sum("amount"))
    }
    return [PlanRow(plan=p, fees=cents(fees.get(p.pk) or 0), paid=cents(paid.get(p.pk) or 0)) for p in plans]


def mutual_aid_stats(*, actor: Actor, plan: Plan | None, unit: OrgUnit | None = None) -> Stats:
    access.require_anywhere(actor, VIEW_MUTUAL_AID)
    if unit is not None:
        access.require_visible(actor, VIEW_MUTUAL_AID, unit)
    stats = Stats(plan=plan, unit=unit)
    stats.plans = loss_ratios(actor=actor, unit=unit)
    if plan is None:
        return stats
    stats.rows, stats.total = enrolment_rates(actor=actor, plan=plan, unit=unit)
    stats.fees = fees_received(actor=actor, plan=plan, unit=unit)
    stats.benefits = claims_by_benefit(actor=actor, plan=plan, unit=unit)
    stats.illnesses = claims_by_illness(actor=actor, plan=plan, unit=unit)
    return stats


def waiting_lists(actor: Actor, perm: str, status: str, path_field: str = "unit__path") -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(access.scope_q(actor, perm, path_field=path_field), status=status)
