"""URL sweep resolvers of recuperation bookings: a CANARY member of ``world.child`` booked on the sweep's trip; the
portal's lists are any signed-in account's (a worker's own)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.recuperation.models import Booking
from gonghui.recuperation.trips.tests.sweep import trip


def booking(world: World) -> int:
    trip_id = trip(world)
    found = Booking.objects.filter(trip_id=trip_id).first()
    if found is not None:
        return found.pk
    from gonghui.authz.testing import CANARY
    from gonghui.recuperation.models import Trip
    from gonghui.recuperation.tests import factories as f

    member = f.member(world.child, name=f"赵{CANARY}")
    return f.book(Trip.objects.get(pk=trip_id), member).pk


RESOLVERS: dict[str, Any] = {
    "booking_id": booking,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "recuperation_portal:trips",
    "recuperation_portal:bookings",
    "v1:recuperation-my-bookings-list",
    "v1:recuperation-trips-list",
}
LOCAL_ONLY: set[str] = set()
