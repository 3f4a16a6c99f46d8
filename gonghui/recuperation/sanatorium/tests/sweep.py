"""URL sweep resolvers of the sanatorium side: a trip of ``world.target`` with a confirmed booking of a member of
``world.child`` and an incident; the worker's finished trips are a signed-in page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.recuperation.models import Booking, Incident, IncidentKind


def _booking(world: World) -> Booking:
    found = Booking.objects.filter(trip__unit=world.target).first()
    if found is not None:
        return found
    from gonghui.recuperation.sanatorium.tests import kit

    _member, booking = kit.participant(world, kit.trip(world))
    return booking


def _trip_id(world: World) -> int:
    return _booking(world).trip_id


def _incident_id(world: World) -> int:
    booking = _booking(world)
    found = Incident.objects.filter(trip_id=booking.trip_id).first()
    if found is None:
        found = Incident.objects.create(
            trip_id=booking.trip_id,
            booking=booking,
            kind=IncidentKind.ILLNESS,
            happened_at=timezone.now(),
            description="头晕",
            recorded_by=booking.booked_by,
        )
    return found.pk


RESOLVERS: dict[str, Any] = {
    "recuperation:checkin_desk:trip_id": _trip_id,
    "recuperation:trip_roll:trip_id": _trip_id,
    "recuperation:trip_incidents:trip_id": _trip_id,
    "recuperation:incident_update:trip_id": _trip_id,
    "recuperation:incident_update:incident_id": _incident_id,
    "recuperation_portal:trip_feedback:booking_id": lambda world: _booking(world).pk,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"recuperation_portal:my_trips"}
LOCAL_ONLY: set[str] = set()
