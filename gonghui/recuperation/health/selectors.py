"""Reads of model workers' check-ups: hospitals a clerk may book at, the scoped list, one check-up, a worker's own,
and a person's health profile over the years (masked: results only through the audited reveal)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.honors.models import Honoree
from gonghui.honors.register.selectors import person_titles
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import Booking, Checkup, CheckupStatus, Hospital
from gonghui.recuperation.permissions import MANAGE_CHECKUPS, VIEW_RECUPERATION

SORTS = {"day": "day", "-day": "-day", "-created": "-created_at", "due": "follow_up_due"}
STATES = ("booked", "to_record", "abnormal", "follow_up", "change")


def state_q(state: str) -> Q:
    """The list filter ``state``: booked, results to record (the day has come), abnormal, follow-up not recorded,
    a change of day asked by the worker."""
    if state == "to_record":
        return Q(status=CheckupStatus.BOOKED, day__lte=timezone.localdate())
    if state == "abnormal":
        return Q(status=CheckupStatus.DONE, abnormal=True)
    if state == "follow_up":
        return Q(status=CheckupStatus.DONE, abnormal=True, followed_up_on__isnull=True)
    if state == "change":
        return Q(status=CheckupStatus.BOOKED, change_requested_on__isnull=False)
    return Q(status=CheckupStatus.BOOKED)


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def hospitals_for(*, actor: Actor, perm: str = MANAGE_CHECKUPS, active_only: bool = True) -> list[Hospital]:
    """Hospitals the actor may book at (``perm``) or see: registered at a union where they hold ``perm``, below
    one, or above one (a federation's contract serves its tree)."""
    paths = access.grant_paths(actor, perm)
    if not paths:
        return []
    out = []
    qs = Hospital.objects.filter(active=True) if active_only else Hospital.objects.all()
    for h in qs.select_related("unit").order_by("name", "pk"):
        if any(p.startswith(h.unit.path) or h.unit.path.startswith(p) for p in paths):
            out.append(h)
    return out


def hospital_list(*, actor: Actor) -> list[Hospital]:
    return hospitals_for(actor=actor, perm=VIEW_RECUPERATION, active_only=False)


def hospital_get(*, actor: Actor, hospital_id: object, perm: str = MANAGE_CHECKUPS) -> Hospital:
    pk = _as_int(hospital_id)
    for h in hospitals_for(actor=actor, perm=perm):
        if h.pk == pk:
            return h
    raise access.NotVisible


def checkup_list(
    *, actor: Actor, year: int | None = None, state: str = "", unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Checkup]:
    qs = access.scope(Checkup.objects.all(), actor, VIEW_RECUPERATION)
    if year is not None:
        qs = qs.filter(year=year)
    if state in STATES:
        qs = qs.filter(state_q(state))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q.upper()))
    return qs.select_related("member", "unit", "hospital", "honoree").order_by("day", "pk")


def checkup_get(*, actor: Actor, checkup_id: object) -> Checkup:
    checkup = (
        Checkup.objects.select_related("member", "unit", "hospital", "honoree", "booked_by")
        .filter(pk=_as_int(checkup_id))
        .first()
    )
    if checkup is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RECUPERATION, checkup.unit)
    return checkup


def my_checkups(*, actor: Actor) -> list[Checkup]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Checkup.objects.filter(member__user_id=actor.pk)
        .exclude(status=CheckupStatus.CANCELLED)
        .select_related("hospital", "member")
        .order_by("-year", "-day")
    )


def my_checkup_or_none(*, actor: Actor, checkup_id: object) -> Checkup | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return (
        Checkup.objects.select_related("member", "hospital", "unit")
        .filter(pk=_as_int(checkup_id), member__user_id=actor.pk)
        .first()
    )


@dataclass
class Profile:
    member: Member
    titles: list[Honoree]
    checkups: list[Checkup]
    bookings: list[Booking]


def health_profile(*, actor: Actor, member_id: object) -> Profile:
    """A person's titles, check-ups over the years (results masked) and recuperation trips, for staff who see
    their union (``recuperation.view``)."""
    member = Member.objects.select_related("unit").filter(pk=_as_int(member_id)).first()
    if member is None:
        raise access.NotVisible
    checkups = list(
        access.scope(Checkup.objects.filter(member=member), actor, VIEW_RECUPERATION)
        .select_related("hospital", "unit")
        .order_by("-year", "-day")
    )
    if not checkups and not access.check(actor, VIEW_RECUPERATION, member.unit):
        raise access.NotVisible
    bookings = list(
        access.scope(Booking.objects.filter(member=member), actor, VIEW_RECUPERATION)
        .select_related("trip")
        .order_by("-trip__starts_on")
    )
    return Profile(member=member, titles=person_titles(member.pk), checkups=checkups, bookings=bookings)


def bookable_honorees(*, actor: Actor, year: int, q: str = "") -> QuerySet[Honoree]:
    """Current honorees in the actor's scope not booked this year (the one-by-one booking's list)."""
    booked = Checkup.objects.filter(year=year).exclude(status=CheckupStatus.CANCELLED).values("member_id")
    qs = access.scope(Honoree.objects.filter(revoked_on__isnull=True), actor, MANAGE_CHECKUPS).exclude(
        member_id__in=booked
    )
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q.upper()))
    return qs.select_related("member", "unit").order_by("member_id", "pk")
