"""Reads of the sanatorium side: trips a staff member runs or sees, a trip's participants with their check-in,
the roster grid, incidents, satisfaction per trip and per sanatorium, and a worker's surveys to answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q, QuerySet

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.recuperation.models import (
    Booking,
    BookingStatus,
    DailyRoll,
    Feedback,
    Incident,
    Trip,
    TripStatus,
)
from gonghui.recuperation.permissions import VIEW_RECUPERATION
from gonghui.recuperation.sanatorium.services import trip_days

ON_TRIP = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED, BookingStatus.NO_SHOW)


def _as_int(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


def trip_list(*, actor: Actor) -> QuerySet[Trip]:
    """Published (or closed) trips of the unions the actor sees, newest first."""
    return (
        access.scope(
            Trip.objects.filter(status__in=(TripStatus.PUBLISHED, TripStatus.CLOSED)), actor, VIEW_RECUPERATION
        )
        .select_related("unit", "sanatorium")
        .order_by("-starts_on", "-pk")
    )


def trip_get(*, actor: Actor, trip_id: object) -> Trip:
    trip = Trip.objects.select_related("unit", "sanatorium").filter(pk=_as_int(trip_id)).first()
    if trip is None or trip.status == TripStatus.DRAFT:
        raise access.NotVisible
    access.require_visible(actor, VIEW_RECUPERATION, trip.unit)
    return trip


def participants(trip: Trip) -> list[Booking]:
    return list(
        Booking.objects.filter(trip=trip, status__in=ON_TRIP)
        .select_related("member", "unit", "check_in")
        .order_by("member__name_sort", "pk")
    )


@dataclass
class RollRow:
    booking: Booking
    marks: list[bool | None]  # per day: present, absent, not recorded


def roll_grid(trip: Trip, bookings: list[Booking]) -> tuple[list[date], list[RollRow]]:
    days = trip_days(trip)
    marks: dict[tuple[int, date], bool] = {
        (b, d): p
        for b, d, p in DailyRoll.objects.filter(booking__trip=trip).values_list("booking_id", "day", "present")
    }
    rows = [
        RollRow(booking=b, marks=[marks.get((b.pk, d)) for d in days])
        for b in bookings
        if b.status in (BookingStatus.CHECKED_IN, BookingStatus.COMPLETED)
    ]
    return days, rows


def incidents(trip: Trip) -> list[Incident]:
    return list(Incident.objects.filter(trip=trip).select_related("booking__member").order_by("-happened_at", "-pk"))


def incident_get(*, actor: Actor, trip: Trip, incident_id: object) -> Incident:
    incident = Incident.objects.select_related("trip__unit").filter(pk=_as_int(incident_id), trip=trip).first()
    if incident is None:
        raise access.NotVisible
    return incident


@dataclass(frozen=True)
class Satisfaction:
    label: str
    answers: int
    overall: float | None
    lodging: float | None
    programme: float | None
    service: float | None


def _sat(label: str, row: dict[str, object]) -> Satisfaction:
    def r(v: object) -> float | None:
        return round(float(v), 2) if v is not None else None  # type: ignore[arg-type]

    return Satisfaction(
        label=label,
        answers=int(row["n"] or 0),  # type: ignore[call-overload]
        overall=r(row["o"]),
        lodging=r(row["l"]),
        programme=r(row["p"]),
        service=r(row["s"]),
    )


AVGS = {"n": Count("pk"), "o": Avg("overall"), "l": Avg("lodging"), "p": Avg("programme"), "s": Avg("service")}


def trip_satisfaction(trip: Trip) -> Satisfaction:
    return _sat(trip.title, Feedback.objects.filter(booking__trip=trip).aggregate(**AVGS))


def satisfaction_by_sanatorium(*, actor: Actor, year: int | None = None) -> list[Satisfaction]:
    """Average scores per sanatorium over the trips the actor sees (one query)."""
    qs = Feedback.objects.filter(access.scope_q(actor, VIEW_RECUPERATION, path_field="booking__trip__unit__path"))
    if year is not None:
        qs = qs.filter(booking__trip__starts_on__year=year)
    rows = (
        qs.order_by()
        .values("booking__trip__sanatorium__name")
        .annotate(**AVGS)
        .order_by("booking__trip__sanatorium__name")
    )
    return [_sat(str(r["booking__trip__sanatorium__name"] or "—"), r) for r in rows]


def satisfaction_by_trip(*, actor: Actor, year: int | None = None) -> list[Satisfaction]:
    qs = Feedback.objects.filter(access.scope_q(actor, VIEW_RECUPERATION, path_field="booking__trip__unit__path"))
    if year is not None:
        qs = qs.filter(booking__trip__starts_on__year=year)
    rows = (
        qs.order_by().values("booking__trip__title", "booking__trip_id").annotate(**AVGS).order_by("booking__trip_id")
    )
    return [_sat(str(r["booking__trip__title"]), r) for r in rows]


# --- the worker ---------------------------------------------------------------------------------------------------


def my_trips(*, actor: Actor) -> list[Booking]:
    """The worker's finished trips, each with its survey (answered or not)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Booking.objects.filter(member__user_id=actor.pk, status=BookingStatus.COMPLETED)
        .select_related("trip", "trip__sanatorium", "feedback")
        .order_by("-trip__starts_on")
    )


def my_booking_or_none(*, actor: Actor, booking_id: object) -> Booking | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return (
        Booking.objects.select_related("trip", "member", "unit")
        .filter(Q(pk=_as_int(booking_id)), member__user_id=actor.pk)
        .first()
    )
