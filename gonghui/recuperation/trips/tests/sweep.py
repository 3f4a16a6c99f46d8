"""URL sweep resolvers of recuperation trips: a published CANARY trip of ``world.target`` with a quota for
``world.child``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.recuperation.models import Trip, TripQuota


def trip(world: World) -> int:
    found = Trip.objects.filter(unit=world.target, title__contains=CANARY).first()
    if found is not None:
        return found.pk
    from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
    from gonghui.recuperation.tests import factories as f
    from gonghui.recuperation.trips.services import quota_allot

    clerk = world.staff("sweeptrip", world.target, [VIEW_RECUPERATION, MANAGE_TRIPS])
    made = f.published_trip(clerk, world.target, places=5, title=f"西湖疗休养{CANARY}")
    quota_allot(actor=clerk, source=f.pool(made), unit=world.child, places=2)
    return made.pk


def quota(world: World) -> int:
    return TripQuota.objects.get(trip_id=trip(world), unit=world.child).pk


RESOLVERS: dict[str, Any] = {
    "trip_id": trip,
    "quota_id": quota,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
