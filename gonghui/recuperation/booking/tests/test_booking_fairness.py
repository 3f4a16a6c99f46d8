# mypy: disable-error-code="arg-type,union-attr"
"""The shared fairness scenarios of the booking rush (``gonghui.common.testing.fairness``) against recuperation
trips: arrival order, one booking per member and key, the waiting list and its promotion; the concurrent ones on
PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gonghui.authz.testing import World, build_world
from gonghui.common.testing import fairness
from gonghui.recuperation.booking import services
from gonghui.recuperation.models import Booking, Trip
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f


def subject(world: World) -> fairness.Subject:
    clerk = world.staff("fair", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])

    def rows(trip: Trip) -> list[fairness.Row]:
        return [
            fairness.Row(member_id=b.member_id, status=b.status, seq=b.seq, wait_seq=b.wait_seq)
            for b in Booking.objects.filter(trip=trip).order_by("seq")
        ]

    return fairness.Subject(
        make_event=lambda places: f.published_trip(clerk, world.province, places=places),
        make_member=lambda trip: f.member(world.child),
        book=lambda trip, m, key: services.booking_create(actor=m.user, trip=trip, member=m, request_key=key).booking,
        cancel=lambda b, m: services.booking_cancel(actor=m.user, booking=b),
        rows=rows,
        used=lambda trip: f.pool(trip).booked,
    )


def test_arrival_order(world: Any) -> None:
    fairness.arrival_order(subject(world))


def test_a_retried_key_books_once(world: Any) -> None:
    fairness.retried_key_books_once(subject(world))


def test_a_cancellation_promotes_the_first_waiting(world: Any) -> None:
    fairness.cancellation_promotes_first_waiting(subject(world))


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rush_books_exactly_the_places() -> None:
    _skip_unless_postgres()
    fairness.rush_exact_places(subject(build_world()))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rush_cancellations_promote_in_order() -> None:
    _skip_unless_postgres()
    fairness.rush_cancellations_promote_in_order(subject(build_world()))
