"""Demo recuperation: a trip open now with the demo worker booked and a waiting list, one opening soon, one completed;
quotas down the demo tree; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.recuperation.models import Booking, BookingStatus, Trip, TripQuota, TripStatus
from gonghui.recuperation.trips.demo import OPEN_TRIP, PAST_TRIP, UPCOMING_TRIP

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_trips_and_bookings():
    counts = (Trip.objects.count(), TripQuota.objects.count(), Booking.objects.count())
    from gonghui.recuperation import demo as module_demo

    module_demo.seed(world())
    assert (Trip.objects.count(), TripQuota.objects.count(), Booking.objects.count()) == counts

    open_trip = Trip.objects.get(title=OPEN_TRIP)
    assert open_trip.status == TripStatus.PUBLISHED
    assert TripQuota.objects.filter(trip=open_trip, unit__name=data.XIHU_GRASSROOTS).exists()
    mine = Booking.objects.get(trip=open_trip, member__phone=data.DEMO_WORKER_PHONE)
    assert mine.status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(trip=open_trip, status=BookingStatus.WAITING).count() >= 2
    assert Trip.objects.get(title=UPCOMING_TRIP).status == TripStatus.PUBLISHED
    past = Trip.objects.get(title=PAST_TRIP)
    assert past.status == TripStatus.CLOSED
    assert Booking.objects.filter(trip=past, status=BookingStatus.COMPLETED).count() == 4
