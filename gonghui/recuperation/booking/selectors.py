"""Reads of recuperation bookings: a trip's bookings for staff (scoped by the member's union), a member's own
bookings with their standing (confirmed, or position N on the waiting list), the counts of a trip."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import is_member, my_member
from gonghui.recuperation.models import Booking, BookingEvent, BookingStatus, Trip
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, VIEW_RECUPERATION

SORTS = {"seq": "seq", "-seq": "-seq", "-booked": "-booked_at", "booked": "booked_at"}


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def booking_list(*, actor: Actor, trip: Trip, status: str = "", q: str = "", unit: object = None) -> QuerySet[Booking]:
    """The bookings of ``trip`` by members of unions in the actor's scope, in arrival order."""
    qs = access.scope(Booking.objects.filter(trip=trip), actor, VIEW_RECUPERATION)
    if status in BookingStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)  # type: ignore[attr-defined]
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__member_no=q))
    return qs.select_related("member", "unit", "quota__unit").order_by("seq")


def booking_get(*, actor: Actor, booking_id: object) -> Booking:
    booking = (
        Booking.objects.select_related("member", "unit", "trip", "trip__unit", "quota__unit", "booked_by")
        .filter(pk=_pk(booking_id))
        .first()
    )
    if booking is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RECUPERATION, booking.unit)
    return booking


def booking_events(booking: Booking) -> list[BookingEvent]:
    return list(BookingEvent.objects.filter(booking=booking).select_related("actor").order_by("at", "pk"))


@dataclass(frozen=True)
class TripCounts:
    confirmed: int
    waiting: int
    cancelled: int
    done: int


def trip_counts(trip: Trip) -> TripCounts:
    rows = dict(Booking.objects.filter(trip=trip).values_list("status").annotate(n=Count("pk")).order_by())
    return TripCounts(
        confirmed=rows.get(BookingStatus.CONFIRMED, 0) + rows.get(BookingStatus.CHECKED_IN, 0),
        waiting=rows.get(BookingStatus.WAITING, 0),
        cancelled=rows.get(BookingStatus.CANCELLED, 0),
        done=rows.get(BookingStatus.COMPLETED, 0),
    )


def bookable_member_find(*, actor: Actor, member_no: str) -> Member | None:
    """A member by number among the unions where the actor may book for members."""
    number = (member_no or "").strip()
    if not number:
        return None
    return access.scope(Member.objects.filter(member_no=number), actor, BOOK_FOR_MEMBERS).select_related("unit").first()


# --- the member's own ---------------------------------------------------------------------------------------------


def my_bookings(*, actor: Actor) -> QuerySet[Booking]:
    member = my_member(actor=actor)
    if member is None:
        return Booking.objects.none()
    return Booking.objects.filter(member=member).select_related("trip", "trip__unit").order_by("-booked_at", "-pk")


def my_booking_for(*, member: Member, trip: Trip) -> Booking | None:
    return (
        Booking.objects.filter(member=member, trip=trip).exclude(status=BookingStatus.CANCELLED).order_by("-pk").first()
    )


def my_booking_get(*, actor: Actor, booking_id: object) -> Booking:
    member = my_member(actor=actor)
    if member is None:
        raise access.NotVisible
    booking = (
        Booking.objects.select_related("trip", "trip__unit", "member", "unit")
        .filter(pk=_pk(booking_id), member=member)
        .first()
    )
    if booking is None:
        raise access.NotVisible
    return booking


def positions(bookings: list[Booking]) -> dict[int, int]:
    """Waiting-list positions of the waiting ``bookings`` (one query per trip with waiting bookings)."""
    out: dict[int, int] = {}
    for b in bookings:
        if b.status == BookingStatus.WAITING and b.wait_seq is not None:
            out[b.pk] = (
                Booking.objects.filter(trip_id=b.trip_id, status=BookingStatus.WAITING, wait_seq__lt=b.wait_seq).count()
                + 1
            )
    return out


# --- the portal home: upcoming bookings and whether a trip was finished, in one memoized query -----------------------

_FACTS_MEMO = "_gonghui_recuperation_booking_facts"
FACTS_LIMIT = 50


@dataclass(frozen=True)
class MyBookingFacts:
    upcoming: list[Booking]  # confirmed or waiting, the trip not yet started: soonest first
    has_completed: bool  # a finished trip (the 疗休养评价 tile)


def my_booking_facts(user: Actor) -> MyBookingFacts:
    """What the portal home needs of the worker's bookings (members only: no query for anyone else), one query
    memoized on the user object: the "what is mine" block and the 疗休养评价 tile ask on the same page."""
    memo = getattr(user, _FACTS_MEMO, None)
    if isinstance(memo, MyBookingFacts):
        return memo
    facts = MyBookingFacts(upcoming=[], has_completed=False)
    if user is not None and is_member(actor=user):
        today = timezone.localdate()
        rows = list(
            Booking.objects.filter(member__user_id=user.pk)
            .filter(
                Q(status=BookingStatus.COMPLETED)
                | Q(status__in=(BookingStatus.CONFIRMED, BookingStatus.WAITING), trip__starts_on__gte=today)
            )
            .select_related("trip")
            .order_by("-trip__starts_on", "-pk")[:FACTS_LIMIT]  # the upcoming ones start last: never cut off
        )
        upcoming = [b for b in rows if b.status != BookingStatus.COMPLETED]
        upcoming.sort(key=lambda b: (b.trip.starts_on, b.pk))
        facts = MyBookingFacts(upcoming=upcoming, has_completed=any(b.status == BookingStatus.COMPLETED for b in rows))
    if user is not None:
        setattr(user, _FACTS_MEMO, facts)
    return facts
