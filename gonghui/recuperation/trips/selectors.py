"""Reads of recuperation trips: the trips a staff member may see (published by a union in their scope, or holding
a quota there), the trips a member may see (published by a federation above their union), quotas and events."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import my_member
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import Sanatorium, Trip, TripEvent, TripQuota, TripStatus
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION

SORTS = {
    "-starts": "-starts_on",
    "starts": "starts_on",
    "-opens": "-booking_opens_at",
    "opens": "booking_opens_at",
    "-created": "-created_at",
}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def staff_trip_q(actor: Actor) -> Q:
    """Trips a staff member sees: published by a union in their scope, or published with a quota in their scope."""
    own = access.scope_q(actor, VIEW_RECUPERATION, path_field="unit__path")
    quota_units = access.units(actor, VIEW_RECUPERATION).values("pk")
    held = Trip.objects.filter(quotas__unit__in=quota_units).values("pk")
    return own | Q(pk__in=held, status__in=(TripStatus.PUBLISHED, TripStatus.CLOSED))


def trip_list(
    *, actor: Actor, status: str = "", year: int | None = None, unit: OrgUnit | None = None, q: str = ""
) -> QuerySet[Trip]:
    qs = Trip.objects.filter(staff_trip_q(actor))
    if status in TripStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(starts_on__year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(destination__contains=q) | Q(code=q))
    return qs.select_related("unit", "sanatorium").order_by("-starts_on", "-pk")


def trip_get(*, actor: Actor, trip_id: object) -> Trip:
    trip = Trip.objects.filter(staff_trip_q(actor), pk=_pk(trip_id)).select_related("unit", "sanatorium").first()
    if trip is None:
        raise access.NotVisible
    return trip


def trip_manageable(actor: Actor, trip: Trip) -> bool:
    return access.check(actor, MANAGE_TRIPS, trip.unit)


def quotas_of(trip: Trip) -> list[TripQuota]:
    return list(TripQuota.objects.filter(trip=trip).select_related("unit").order_by("unit__path"))


def quotas_in_scope(*, actor: Actor, trip: Trip, perm: str = MANAGE_TRIPS) -> list[TripQuota]:
    """The trip's quotas at units where the actor holds ``perm`` (the ones they may allot from or hand back)."""
    return [q for q in quotas_of(trip) if access.check(actor, perm, q.unit)]


def quota_get(*, actor: Actor, quota_id: object) -> TripQuota:
    quota = TripQuota.objects.select_related("unit", "trip", "trip__unit", "parent").filter(pk=_pk(quota_id)).first()
    if quota is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RECUPERATION, quota.unit)
    return quota


def trip_events(trip: Trip) -> list[TripEvent]:
    return list(TripEvent.objects.filter(trip=trip).select_related("actor", "quota__unit").order_by("at", "pk"))


def sanatorium_list(*, actor: Actor) -> QuerySet[Sanatorium]:
    return access.scope(Sanatorium.objects.all(), actor, VIEW_RECUPERATION).select_related("unit").order_by("name")


def sanatoria_for(unit: OrgUnit) -> QuerySet[Sanatorium]:
    """Sanatoria a trip of ``unit`` may use: registered at the unit or a federation above it."""
    return Sanatorium.objects.filter(unit__path__in=unit.ancestor_paths(), active=True).order_by("name")


# --- the member's side --------------------------------------------------------------------------------------------


def member_trip_q(member: Member) -> Q:
    return Q(
        status__in=(TripStatus.PUBLISHED, TripStatus.CLOSED),
        unit__path__in=member.unit.ancestor_paths(),
    )


def my_trips(*, actor: Actor) -> tuple[Member | None, QuerySet[Trip]]:
    """The signed-in member and the published trips of the federations above their union (upcoming first)."""
    member = my_member(actor=actor)
    if member is None:
        return None, Trip.objects.none()
    since = timezone.localdate() - timedelta(days=60)
    qs = Trip.objects.filter(member_trip_q(member), ends_on__gte=since).select_related("unit", "sanatorium")
    return member, qs.order_by("starts_on", "pk")


def my_trip_get(*, actor: Actor, trip_id: object) -> tuple[Member, Trip]:
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    trip = Trip.objects.filter(member_trip_q(member), pk=_pk(trip_id)).select_related("unit", "sanatorium").first()
    if trip is None:
        raise access.NotVisible
    return member, trip


def trips_opening_soon(*, actor: Actor, days: int = 7) -> QuerySet[Trip]:
    now = timezone.now()
    return Trip.objects.filter(
        staff_trip_q(actor),
        status=TripStatus.PUBLISHED,
        booking_opens_at__gte=now,
        booking_opens_at__lte=now + timedelta(days=days),
    )


def quotas_handback_near(*, actor: Actor, days: int = 7) -> QuerySet[TripQuota]:
    """Quotas in the actor's scope with unused places whose trip's hand-back deadline is within ``days``."""
    today = timezone.localdate()
    return TripQuota.objects.filter(
        access.scope_q(actor, MANAGE_TRIPS, path_field="unit__path"),
        parent__isnull=False,
        trip__status=TripStatus.PUBLISHED,
        trip__handback_deadline__gte=today,
        trip__handback_deadline__lte=today + timedelta(days=days),
        places__gt=F("allotted") + F("booked"),
    )
