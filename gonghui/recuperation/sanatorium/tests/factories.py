"""Minimal builders of what the sanatorium side, the check-ups and the statistics stand on: a sanatorium, a
published trip with its pool quota, and confirmed bookings, written directly with the ORM (no eligibility, no
booking rush: those are the trips' and bookings' own)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members.models import Member
from gonghui.orgs.models import OrgUnit
from gonghui.recuperation.models import (
    Audience,
    Booking,
    BookingStatus,
    Sanatorium,
    Trip,
    TripQuota,
    TripStatus,
)

_seq = itertools.count(1)


def clerk() -> User:
    user = User.objects.filter(username="recup-builder").first()
    return user or User.objects.create_user(username="recup-builder", name="线路发布员")


def sanatorium(unit: OrgUnit, name: str = "") -> Sanatorium:
    n = next(_seq)
    return Sanatorium.objects.create(unit=unit, name=name or f"疗休养基地{n}", address="浙江省湖州市", beds=120)


def trip(
    unit: OrgUnit,
    *,
    starts_on: date | None = None,
    days: int = 5,
    places: int = 30,
    price_per_day: Decimal | str = "500.00",
    place: Sanatorium | None = None,
    title: str = "",
    status: str = TripStatus.PUBLISHED,
    quota_units: list[tuple[OrgUnit, int]] | None = None,
) -> Trip:
    """A published trip of ``unit`` with its pool (all places at ``unit``) and, for each ``(unit, places)`` of
    ``quota_units``, a quota carved from the pool."""
    n = next(_seq)
    start = starts_on or timezone.localdate()
    user = clerk()
    made = Trip.objects.create(
        unit=unit,
        code=f"LX{start.year}{n:05d}",
        title=title or f"劳模疗休养线路{n}",
        destination="湖州安吉",
        sanatorium=place or sanatorium(unit),
        itinerary="第一天报到；其余为疗养与参观。",
        starts_on=start,
        ends_on=start + timedelta(days=days - 1),
        places=places,
        price_per_day=Decimal(str(price_per_day)),
        audience=[Audience.ALL],
        booking_opens_at=timezone.now() - timedelta(days=30),
        status=status,
        created_by=user,
        published_at=timezone.now() - timedelta(days=30),
    )
    pool = TripQuota.objects.create(trip=made, unit=unit, places=places)
    for child, count in quota_units or []:
        TripQuota.objects.create(trip=made, unit=child, parent=pool, places=count)
        pool.allotted += count
    pool.save(update_fields=["allotted"])
    return made


def booking(trip_: Trip, member: Member, *, status: str = BookingStatus.CONFIRMED, **extra: Any) -> Booking:
    """A confirmed booking of ``member`` counted against the quota of their union (or the pool)."""
    quota = (
        TripQuota.objects.filter(trip=trip_, unit=member.unit).first()
        or TripQuota.objects.filter(trip=trip_, parent__isnull=True).first()
    )
    n = next(_seq)
    made = Booking.objects.create(
        trip=trip_,
        member=member,
        unit=member.unit,
        quota=quota,
        status=status,
        seq=n,
        request_key=f"builder:{trip_.pk}:{member.pk}:{n}",
        booked_by=extra.pop("booked_by", None) or clerk(),
        **extra,
    )
    if quota is not None and status in (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN, BookingStatus.COMPLETED):
        TripQuota.objects.filter(pk=quota.pk).update(booked=quota.booked + 1)
    return made
