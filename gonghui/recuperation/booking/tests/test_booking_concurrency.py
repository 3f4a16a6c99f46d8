# mypy: disable-error-code="arg-type,union-attr,misc,operator"
"""On PostgreSQL: many threads booking one trip at once never book more than its places, never book a member
twice, confirm in arrival order, and same-key retries find one booking; concurrent cancellations promote the
waiting list in order without over-booking."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.authz.testing import build_world
from gonghui.recuperation.booking import services
from gonghui.recuperation.models import Booking, BookingStatus
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.tests import factories as f

S = BookingStatus


def _race(calls: list[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - reported to the assertion
            result = f"error {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rush_books_exactly_the_places_in_arrival_order():
    _skip_unless_postgres()
    world = build_world()
    clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(clerk, world.province, places=5)
    members = [f.member(world.child) for _ in range(16)]
    calls: list[Callable[[], object]] = []
    for i, m in enumerate(members):
        key = f"rush-{i:08d}"
        for _copy in range(2 if i % 4 == 0 else 1):  # a double click from every fourth member, same key

            def go(m=m, key=key) -> object:
                return services.booking_create(actor=m.user, trip=trip, member=m, request_key=key)

            calls.append(go)
        calls.append(
            lambda m=m, i=i: services.booking_create(
                actor=m.user, trip=trip, member=m, request_key=f"second-device-{i:08d}"
            )
        )
    outcomes = _race(calls)
    assert all(o == "ok" for o in outcomes), outcomes
    rows = list(Booking.objects.filter(trip=trip).order_by("seq"))
    assert len(rows) == len(members)  # one per member
    assert len({b.member_id for b in rows}) == len(members)
    confirmed = [b for b in rows if b.status == S.CONFIRMED]
    assert len(confirmed) == 5
    assert confirmed == rows[:5]  # the first five arrivals
    assert [b.wait_seq for b in rows[5:]] == [b.seq for b in rows[5:]]
    assert f.pool(trip).booked == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_the_waiting_list_in_order():
    _skip_unless_postgres()
    world = build_world()
    clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trip = f.published_trip(clerk, world.province, places=4)
    members = [f.member(world.child) for _ in range(10)]
    booked = [f.book(trip, m) for m in members]
    cancels = [
        lambda b=b, m=m: services.booking_cancel(actor=m.user, booking=b)
        for b, m in zip(booked[:4], members[:4], strict=True)
    ]
    newcomers = [f.member(world.child) for _ in range(3)]
    joins = [
        lambda m=m, i=i: services.booking_create(actor=m.user, trip=trip, member=m, request_key=f"late-{i:08d}")
        for i, m in enumerate(newcomers)
    ]
    outcomes = _race(cancels + joins)
    assert all(o == "ok" for o in outcomes), outcomes
    confirmed = set(Booking.objects.filter(trip=trip, status=S.CONFIRMED).values_list("member_id", flat=True))
    assert len(confirmed) == 4
    assert confirmed == {m.pk for m in members[4:8]}  # the four first on the waiting list, in order
    assert f.pool(trip).booked == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_trips_booked_at_the_same_instant_respect_the_yearly_limit():
    """One trip a year (the default): a member pressing "book" on two trips of the same year at once gets one."""
    _skip_unless_postgres()
    world = build_world()
    clerk = world.staff("c", world.province, [VIEW_RECUPERATION, MANAGE_TRIPS])
    trips = [f.published_trip(clerk, world.province, places=5) for _ in range(2)]
    assert trips[0].starts_on.year == trips[1].starts_on.year
    members = [f.member(world.child) for _ in range(4)]
    calls: list[Callable[[], object]] = []
    for i, m in enumerate(members):
        for t, trip in enumerate(trips):
            calls.append(
                lambda m=m, trip=trip, i=i, t=t: services.booking_create(
                    actor=m.user, trip=trip, member=m, request_key=f"year-{i:04d}-{t}"
                )
            )
    outcomes = _race(calls)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    for m in members:
        live = Booking.objects.filter(member=m, status=S.CONFIRMED).count()
        assert live == 1, (m.pk, outcomes)
