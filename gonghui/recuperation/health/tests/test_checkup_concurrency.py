"""On PostgreSQL: two clerks pressing "book all not yet booked this year" at the same moment (two hospitals, two
request keys) book each person once, and a double click (the same key, the same hospital) books nobody twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.recuperation.health import services
from gonghui.recuperation.health.tests import kit
from gonghui.recuperation.models import Checkup
from gonghui.recuperation.permissions import MANAGE_CHECKUPS


def _race(*calls: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = call()
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bulk_bookings_book_each_person_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
    first_place, second_place = kit.hospital(world, capacity=5), kit.hospital(world, capacity=5)
    people = [kit.model_worker(world, with_user=False) for _ in range(12)]
    start = kit.next_working_day(timezone.localdate() + timedelta(days=3))
    if start.month == 12 and start.day > 10:
        start = kit.next_working_day(start.replace(year=start.year + 1, month=1, day=4))
    clerk = world.actor("same_with", MANAGE_CHECKUPS)
    ancestor = world.actor("ancestor", MANAGE_CHECKUPS)

    def book(actor: object, place: object, key: str) -> Callable[[], object]:
        return lambda: services.checkups_book_all(
            actor=actor,  # type: ignore[arg-type]
            unit=world.target,
            hospital=place,  # type: ignore[arg-type]
            first_day=start,
            request_key=key,
        )

    outcomes = _race(
        book(clerk, first_place, "a"),
        book(ancestor, second_place, "b"),
        book(clerk, first_place, "a"),  # a double click
        book(clerk, first_place, "c"),
    )
    assert all(isinstance(o, services.BulkResult) for o in outcomes), outcomes
    booked = list(Checkup.objects.values_list("member_id", flat=True))
    assert sorted(booked) == sorted(h.member_id for h in people)  # each person once
    assert sum(o.booked for o in outcomes) == len(people)  # type: ignore[attr-defined]
    for place in (first_place, second_place):
        per_day: dict[object, int] = {}
        for day in Checkup.objects.filter(hospital=place).values_list("day", flat=True):
            per_day[day] = per_day.get(day, 0) + 1
        assert all(n <= 5 for n in per_day.values())
