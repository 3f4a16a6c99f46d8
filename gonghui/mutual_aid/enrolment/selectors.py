"""Reads of whole-unit enrolment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.members.models import Member
from gonghui.mutual_aid.models import (
    Claim,
    EnrolledMember,
    Enrolment,
    EnrolmentCorrection,
    EnrolmentEvent,
    EnrolmentStatus,
    PlanStatus,
)
from gonghui.mutual_aid.permissions import MANAGE_ENROLMENT, RECORD_FEE, VIEW_MUTUAL_AID
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.review.hooks import Fact
from gonghui.review.models import ReviewCase


def cover_on(member_id: int, day: date) -> EnrolledMember | None:
    """The member's cover on ``day``: a paid enrolment (``covered_from`` set and reached) of a published or closed plan
    whose period holds the day, not ended before it. The latest-starting cover wins if two plans overlap."""
    return (
        EnrolledMember.objects.select_related("enrolment", "plan", "tier")
        .filter(
            Q(covered_to__isnull=True) | Q(covered_to__gte=day),
            member_id=member_id,
            covered_from__isnull=False,
            covered_from__lte=day,
            plan__starts_on__lte=day,
            plan__ends_on__gte=day,
            plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CLOSED),
        )
        .order_by("-covered_from", "-id")
        .first()
    )


# --- staff reads --------------------------------------------------------------------------------------------------

SORTS = {"-created": "-created_at", "created": "created_at", "-fee": "-fee_total", "fee": "fee_total"}
MEMBER_SORTS = {"name": "member__name_sort", "-name": "-member__name_sort", "no": "member__member_no"}


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def enrolment_list(
    *, actor: Actor, status: str = "", plan: int | None = None, unit: OrgUnit | None = None
) -> QuerySet[Enrolment]:
    """Lists in the actor's ``mutual_aid.view`` scope (their unions), plus the lists of the plans their federation
    issued (whose fees it receives)."""
    access.require_anywhere(actor, VIEW_MUTUAL_AID)
    qs = Enrolment.objects.filter(
        access.scope_q(actor, VIEW_MUTUAL_AID, path_field="unit__path")
        | access.scope_q(actor, RECORD_FEE, path_field="plan__unit__path")
    )
    if status in EnrolmentStatus.values:
        qs = qs.filter(status=status)
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("plan", "tier", "unit").order_by("-created_at", "-pk")


def enrolment_get(*, actor: Actor, enrolment_id: object) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("plan__unit", "tier", "unit", "created_by")
        .filter(pk=_as_int(enrolment_id))
        .first()
    )
    if enrolment is None:
        raise access.NotVisible
    if not (
        access.check(actor, VIEW_MUTUAL_AID, enrolment.unit) or access.check(actor, RECORD_FEE, enrolment.plan.unit)
    ):
        raise access.NotVisible
    return enrolment


def enrolment_members(enrolment: Enrolment, *, q: str = "", which: str = "live") -> QuerySet[EnrolledMember]:
    """The list's rows: ``live`` (on the list), ``excluded`` (left out), ``removed`` (taken off by a correction)."""
    qs = EnrolledMember.objects.filter(enrolment=enrolment)
    if which == "excluded":
        qs = qs.filter(excluded=True)
    elif which == "removed":
        qs = qs.filter(removed_on__isnull=False, excluded=False)
    else:
        qs = qs.filter(removed_on__isnull=True)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q))
    return qs.select_related("member").order_by("member__name_sort", "pk")


def enrolment_corrections(enrolment: Enrolment) -> list[EnrolmentCorrection]:
    return list(EnrolmentCorrection.objects.filter(enrolment=enrolment).order_by("-month", "-pk"))


def correction_get(*, enrolment: Enrolment, correction_id: object) -> EnrolmentCorrection:
    found = EnrolmentCorrection.objects.filter(enrolment=enrolment, pk=_as_int(correction_id)).first()
    if found is None:
        raise access.NotVisible
    found.enrolment = enrolment
    return found


@dataclass(frozen=True)
class ChangeRow:
    member: Member | None
    change: str
    reason: str
    fee: Decimal


def correction_rows(correction: EnrolmentCorrection) -> list[ChangeRow]:
    members = Member.objects.in_bulk([c["member"] for c in correction.changes])
    return [
        ChangeRow(members.get(c["member"]), c["change"], c.get("reason", ""), Decimal(c.get("fee", "0")))
        for c in correction.changes
    ]


def enrolment_events(enrolment: Enrolment) -> list[EnrolmentEvent]:
    return list(EnrolmentEvent.objects.filter(enrolment=enrolment).select_related("actor", "correction"))


def enrolment_payment(source: str) -> PaymentRequest | None:
    """The payment request of a list or a correction, read from finance (its status is finance's)."""
    return payments_for_source(source=source).select_related("ledger__unit").first()


def enrollable_units(actor: Actor) -> QuerySet[OrgUnit]:
    """Grassroots unions where the actor may enrol (the new-list form's choices)."""
    return access.units(actor, MANAGE_ENROLMENT).filter(kind=UnitKind.GRASSROOTS).order_by("path")


# --- the member's own cover ---------------------------------------------------------------------------------------


def my_covers(*, actor: Actor, day: date) -> list[EnrolledMember]:
    """The signed-in worker's covers (their memberships' rows on lists of published or closed plans whose period
    has not ended by ``day``), paid or waiting for the fee, newest plan first."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        EnrolledMember.objects.filter(
            member__user_id=actor.pk,
            excluded=False,
            plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CLOSED),
            plan__ends_on__gte=day,
            enrolment__status__in=(EnrolmentStatus.CONFIRMED, EnrolmentStatus.ACTIVE),
        )
        .filter(Q(covered_to__isnull=True) | Q(covered_to__gte=day))
        .select_related("plan__unit", "tier", "enrolment")
        .order_by("-plan__starts_on", "-pk")
    )


@dataclass(frozen=True)
class PortalFlags:
    cover_or_enrolled: bool  # a plan covers the worker, or their union's list is active (the 互助保障 tile)
    cover_today_or_claim: bool  # a cover in force today, or a claim already filed (the 给付 tile)


_FLAGS_MEMO = "_gonghui_mutual_aid_portal_flags"


def portal_flags(actor: Actor) -> PortalFlags:
    """Both portal tiles' questions in one query (members only: asked after the memoized ``is_member``),
    memoized on the user object for the request."""
    memo = getattr(actor, _FLAGS_MEMO, None)
    if isinstance(memo, PortalFlags):
        return memo
    flags = PortalFlags(False, False)
    if actor is not None and getattr(actor, "is_authenticated", False):
        today = timezone.localdate()
        covered = EnrolledMember.objects.filter(
            member=OuterRef("pk"),
            excluded=False,
            removed_on__isnull=True,
            plan__ends_on__gte=today,
            enrolment__status__in=(EnrolmentStatus.CONFIRMED, EnrolmentStatus.ACTIVE),
        )
        enrolled = Enrolment.objects.filter(
            unit_id=OuterRef("unit_id"), status=EnrolmentStatus.ACTIVE, plan__ends_on__gte=today
        )
        cover_today = EnrolledMember.objects.filter(
            Q(covered_to__isnull=True) | Q(covered_to__gte=today),
            member=OuterRef("pk"),
            covered_from__lte=today,
            plan__starts_on__lte=today,
            plan__ends_on__gte=today,
            plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CLOSED),
        )
        claimed = Claim.objects.filter(member=OuterRef("pk"))
        rows = (
            Member.objects.filter(user_id=actor.pk)
            .annotate(
                a=ExpressionWrapper(Q(Exists(covered)) | Q(Exists(enrolled)), output_field=BooleanField()),
                b=ExpressionWrapper(Q(Exists(cover_today)) | Q(Exists(claimed)), output_field=BooleanField()),
            )
            .values_list("a", "b")
        )
        flags = PortalFlags(any(a for a, _b in rows), any(b for _a, b in rows))
    if actor is not None:
        setattr(actor, _FLAGS_MEMO, flags)
    return flags


def has_cover_or_enrolled(actor: Actor) -> bool:
    """The portal tile's question: a plan covers the worker, or their union's list is active (``portal_flags``)."""
    return portal_flags(actor).cover_or_enrolled


# --- the review case's facts --------------------------------------------------------------------------------------


def enrolment_case_facts(case: ReviewCase, viewer: Any) -> list[Fact]:
    enrolment = Enrolment.objects.select_related("plan", "tier", "unit").filter(pk=case.subject_id).first()
    if enrolment is None:
        return []
    return [
        Fact(_("参保工会"), enrolment.unit.name),
        Fact(_("保障计划"), enrolment.plan.name, hint=enrolment.tier.name),
        Fact(_("参保人数 / 在册会员"), f"{enrolment.member_count} / {enrolment.eligible_count}"),
        Fact(_("应缴会费（元）"), f"{enrolment.fee_total:,.2f}"),
        Fact(_("部分参保原因"), enrolment.partial_reason or "—"),
        Fact(_("名单详情"), reverse("mutual_aid:enrolment_detail", args=[enrolment.pk])),
    ]
