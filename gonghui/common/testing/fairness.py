# mypy: disable-error-code="misc"
"""The fairness scenarios of every first-come-first-served booking (``gonghui.common.rush``), shared.

A booking that uses the rush mechanism (recuperation trips, worker-service activities) promises the same things:

- N requests for P places: exactly P confirmed, the first P arrivals, in arrival order; nobody booked twice;
- the others on the waiting list in arrival order (``wait_seq`` = their arrival number);
- a retried request key, or a second key of a member who already holds a live booking, books once;
- a cancelled confirmed booking promotes the first waiting one.

A module describes its booking once as a :class:`Subject` (how to make an event with P places, an eligible member,
how to book and cancel, how to read the rows back) and runs the scenarios below against it: the sequential ones on
any database, the concurrent ones (``rush_*``) in a ``transaction=True`` test on PostgreSQL, where row locks and
concurrent inserts are real.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

CONFIRMED = "confirmed"
WAITING = "waiting"


@dataclass(frozen=True)
class Row:
    member_id: int
    status: str  # "confirmed", "waiting", or the module's own other statuses
    seq: int
    wait_seq: int | None


@dataclass(frozen=True)
class Subject:
    """One booking module, as the scenarios see it."""

    make_event: Callable[[int], Any]  # places -> an event open for booking
    make_member: Callable[[Any], Any]  # event -> a member (with a portal account) who may book it
    book: Callable[[Any, Any, str], Any]  # (event, member, request key) -> the booking
    cancel: Callable[[Any, Any], Any]  # (booking, member) -> the member cancels it
    rows: Callable[[Any], list[Row]]  # event -> every booking of it, in arrival order
    used: Callable[[Any], int]  # event -> places taken (the counters the rush keeps)
    booking_pk: Callable[[Any], int] = lambda b: int(b.pk)


def race(calls: list[Callable[[], object]]) -> list[str]:
    """Run ``calls`` in threads released together; each outcome "ok", the refusal's text, or "error ..."."""
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


def _assert_fair(subject: Subject, event: Any, members: list[Any], places: int) -> list[Row]:
    rows = subject.rows(event)
    live = [r for r in rows if r.status in (CONFIRMED, WAITING)]
    assert len({r.member_id for r in live}) == len(live), "a member holds two live bookings"
    assert {r.member_id for r in live} == {m.pk for m in members}, "a member has no booking"
    ordered = sorted(live, key=lambda r: r.seq)
    confirmed = [r for r in ordered if r.status == CONFIRMED]
    assert len(confirmed) == min(places, len(members)), (len(confirmed), places)
    assert confirmed == ordered[: len(confirmed)], "the confirmed are not the first arrivals"
    waiting = ordered[len(confirmed) :]
    assert all(r.status == WAITING for r in waiting)
    assert [r.wait_seq for r in waiting] == [r.seq for r in waiting], "the waiting list is not in arrival order"
    assert subject.used(event) == len(confirmed), "the place counter disagrees with the bookings"
    return ordered


def arrival_order(subject: Subject, *, places: int = 3, members: int = 6) -> None:
    """One after the other: the first ``places`` confirmed, the others waiting in arrival order."""
    event = subject.make_event(places)
    people = [subject.make_member(event) for _i in range(members)]
    for i, m in enumerate(people):
        subject.book(event, m, f"fair-seq-{i:08d}")
    ordered = _assert_fair(subject, event, people, places)
    assert [r.member_id for r in ordered] == [m.pk for m in people], "arrival order is not the order of requests"


def retried_key_books_once(subject: Subject) -> None:
    """The same key twice, then a second key of the same member: one booking, the same one each time."""
    event = subject.make_event(2)
    member = subject.make_member(event)
    first = subject.book(event, member, "fair-retry-00000001")
    again = subject.book(event, member, "fair-retry-00000001")
    other_device = subject.book(event, member, "fair-retry-00000002")
    assert subject.booking_pk(first) == subject.booking_pk(again) == subject.booking_pk(other_device)
    assert len(subject.rows(event)) == 1
    assert subject.used(event) == 1


def cancellation_promotes_first_waiting(subject: Subject) -> None:
    """A confirmed booking cancelled: its place goes to the first on the waiting list, the second keeps waiting."""
    event = subject.make_event(1)
    people = [subject.make_member(event) for _i in range(3)]
    bookings = [subject.book(event, m, f"fair-promo-{i:08d}") for i, m in enumerate(people)]
    subject.cancel(bookings[0], people[0])
    by_member = {r.member_id: r for r in subject.rows(event)}
    assert by_member[people[0].pk].status not in (CONFIRMED, WAITING)
    assert by_member[people[1].pk].status == CONFIRMED
    assert by_member[people[2].pk].status == WAITING
    assert subject.used(event) == 1


def rush_exact_places(subject: Subject, *, places: int = 5, members: int = 14) -> None:
    """Concurrent requests (every third member double-clicks, every member also tries a second device) for
    ``places`` places: exactly ``places`` confirmed in arrival order, one booking per member, the rest waiting."""
    event = subject.make_event(places)
    people = [subject.make_member(event) for _i in range(members)]
    calls: list[Callable[[], object]] = []
    for i, m in enumerate(people):
        key = f"fair-rush-{i:08d}"
        for _copy in range(2 if i % 3 == 0 else 1):
            calls.append(lambda m=m, key=key: subject.book(event, m, key))
        calls.append(lambda m=m, i=i: subject.book(event, m, f"fair-device-{i:08d}"))
    outcomes = race(calls)
    assert all(o == "ok" for o in outcomes), outcomes
    assert len(subject.rows(event)) == members
    _assert_fair(subject, event, people, places)


def rush_cancellations_promote_in_order(subject: Subject, *, places: int = 3) -> None:
    """Concurrent cancellations of every confirmed booking and late arrivals: the places go to the waiting list in
    its order, never over-booked, and the late arrivals wait behind it."""
    event = subject.make_event(places)
    people = [subject.make_member(event) for _i in range(places * 2 + 1)]
    bookings = [subject.book(event, m, f"fair-pre-{i:08d}") for i, m in enumerate(people)]
    late = [subject.make_member(event) for _i in range(2)]
    calls: list[Callable[[], object]] = [
        lambda b=b, m=m: subject.cancel(b, m) for b, m in zip(bookings[:places], people[:places], strict=True)
    ]
    calls += [lambda m=m, i=i: subject.book(event, m, f"fair-late-{i:08d}") for i, m in enumerate(late)]
    outcomes = race(calls)
    assert all(o == "ok" for o in outcomes), outcomes
    confirmed = {r.member_id for r in subject.rows(event) if r.status == CONFIRMED}
    assert confirmed == {m.pk for m in people[places : places * 2]}, "promotion skipped the waiting order"
    assert subject.used(event) == places
