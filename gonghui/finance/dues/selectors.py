"""Reads of members' dues, scoped to the subtree where the actor holds ``finance.view_dues``; a worker reads their
own dues through ``Member.user == actor``. ``dues_paid_since`` is the one hook the roster reads (members imports
this module; this module never imports ``members.services``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.finance import scope
from gonghui.finance.models import ZERO, DuesPayment, DuesReceipt, DuesWage
from gonghui.finance.permissions import VIEW_DUES
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgUnit
from gonghui.policy.selectors import policy_get

STATUS_SORTS = {"name": "name_pinyin", "member_no": "member_no", "unit": "unit__path"}


def dues_paid_since(cutoff: date) -> Exists:
    """``Exists`` for a ``Member`` queryset: a confirmed dues payment dated after ``cutoff`` (activity for the
    inactivity flag: a member who paid dues within the policy period is not flagged)."""
    return Exists(DuesPayment.objects.filter(member=OuterRef("pk"), active=True, posted=True, paid_on__gt=cutoff))


def dues_status_list(*, actor: Actor, month: date, unit: OrgUnit | None = None, q: str = "", state: str = "") -> Any:
    """Active members in scope with their declared wage and what they paid for ``month`` (one query)."""
    month = month.replace(day=1)
    paid = (
        DuesPayment.objects.filter(member=OuterRef("pk"), month=month, active=True)
        .values("member")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    posted = DuesPayment.objects.filter(member=OuterRef("pk"), month=month, active=True, posted=True)
    qs = (
        access.scope(Member.objects.filter(status=MemberStatus.ACTIVE), actor, VIEW_DUES)
        .select_related("unit")
        .annotate(
            dues_wage=Subquery(DuesWage.objects.filter(member=OuterRef("pk")).values("wage")[:1]),
            dues_paid=Coalesce(Subquery(paid), ZERO),
            dues_posted=Exists(posted),
        )
        .only("pk", "name", "member_no", "unit__name", "unit__path", "id_masked", "employer_name", "name_pinyin")
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(member_no=q) | Q(employer_name__contains=q))
    if state == "paid":
        qs = qs.filter(dues_paid__gt=0)
    elif state == "unpaid":
        qs = qs.filter(dues_paid=0)
    return qs


def expected_for(members: list[Member], month: date) -> dict[int, Decimal | None]:
    """Each member's dues for ``month`` from their declared wage (policy read once per union)."""
    from gonghui.finance.dues.services import dues_for

    cache: dict[int, tuple[Decimal, str]] = {}
    out: dict[int, Decimal | None] = {}
    for m in members:
        wage = getattr(m, "dues_wage", None)
        if wage is None:
            out[m.pk] = None
            continue
        if m.unit_id not in cache:
            cache[m.unit_id] = (
                Decimal(policy_get("finance.dues_rate", m.unit, on=month).value),
                str(policy_get("finance.dues_rounding", m.unit, on=month).value),
            )
        rate, rounding = cache[m.unit_id]
        out[m.pk] = dues_for(wage, rate, rounding)
    return out


def dues_member_get(*, actor: Actor, member_id: int | str) -> Member:
    member = (
        access.scope(Member.objects.all(), actor, VIEW_DUES)
        .select_related("unit")
        .filter(pk=scope.pk(member_id))
        .first()
    )
    if member is None:
        raise access.NotVisible()
    return member


def dues_wage_of(member: Member) -> DuesWage | None:
    return DuesWage.objects.filter(member=member).first()


def dues_payment_list(
    *, actor: Actor, member: Member | None = None, unit: OrgUnit | None = None
) -> QuerySet[DuesPayment]:
    qs = access.scope(DuesPayment.objects.filter(active=True), actor, VIEW_DUES).select_related(
        "member", "unit", "receipt"
    )
    if member is not None:
        qs = qs.filter(member=member)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("-month", "member_id")


def dues_receipt_list(*, actor: Actor, status: str = "") -> QuerySet[DuesReceipt]:
    qs = access.scope(DuesReceipt.objects.all(), actor, VIEW_DUES).select_related(
        "unit", "employer", "recorded_by", "voucher"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-recorded_at", "-id")


def dues_receipt_get(*, actor: Actor, receipt_id: int | str) -> DuesReceipt:
    receipt = dues_receipt_list(actor=actor).filter(pk=scope.pk(receipt_id)).first()
    if receipt is None:
        raise access.NotVisible()
    return receipt


def dues_receipt_payments(*, receipt: DuesReceipt) -> QuerySet[DuesPayment]:
    return receipt.payments.select_related("member", "unit").order_by("member__member_no", "month")


def my_dues(*, actor: Actor) -> tuple[Member | None, QuerySet[DuesPayment]]:
    """The signed-in worker's membership and their dues history (confirmed and pending)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, DuesPayment.objects.none()
    member = Member.objects.select_related("unit").filter(user_id=actor.pk).first()
    if member is None or not access.is_self(actor, member.user_id):
        return None, DuesPayment.objects.none()
    return member, DuesPayment.objects.filter(member=member, active=True).order_by("-month")
