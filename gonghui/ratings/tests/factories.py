"""Test kit of the ratings kernel: a rateable kind of its own (``tests.service``), whose records are small tickets
kept in memory (each backed by an account row, so that the kind's queryset is a real one), and ratings built
directly for the roll-up tests. Ratings of real services are made through ``rating_submit`` as in production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import count
from typing import Any

from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.orgs.models import OrgUnit
from gonghui.ratings.models import FollowUp, Rating
from gonghui.ratings.registry import RATEABLE, RateableKind, Subject

KIND = "tests.service"
APP = "ratings_tests"
_seq = count(1)


@dataclass
class Ticket:
    unit: OrgUnit
    user_id: int
    completed: bool
    title: str


TICKETS: dict[int, Ticket] = {}


def _describe(row: Any) -> Subject:
    ticket = TICKETS[row.pk]
    return Subject(
        unit=ticket.unit, user_id=ticket.user_id, completed=ticket.completed, title=ticket.title, portal_url="/"
    )


def _subject(pk: int) -> Subject | None:
    ticket = TICKETS.get(pk)
    if ticket is None:
        return None
    return Subject(unit=ticket.unit, user_id=ticket.user_id, completed=ticket.completed, title=ticket.title)


def _to_rate(user_id: int) -> QuerySet[Any]:
    ids = [pk for pk, t in TICKETS.items() if t.user_id == user_id and t.completed]
    return User.objects.filter(pk__in=ids)


TEST_KIND = RateableKind(code=KIND, label="测试服务", subject=_subject, to_rate=_to_rate, describe=_describe, order=1)


def register() -> None:
    TICKETS.clear()
    RATEABLE.add(APP, [TEST_KIND])


def unregister() -> None:
    TICKETS.clear()
    RATEABLE._by_app.pop(APP, None)


def service(world: World, *, user: Any = None, unit: OrgUnit | None = None, completed: bool = True) -> int:
    """A completed (or not) service of ``user`` (the world's member by default) at ``unit`` (the child union)."""
    n = next(_seq)
    row = User.objects.create_user(username=f"ticket{n}", name=f"服务单{n}")
    TICKETS[row.pk] = Ticket(
        unit=unit or world.child, user_id=(user or world.member).pk, completed=completed, title=f"服务{n}{CANARY}"
    )
    return row.pk


def worker(name: str = "职工") -> User:
    n = next(_seq)
    return User.objects.create_user(username=f"1380000{n:04d}", name=f"{name}{n}")


def rating(
    *,
    unit: OrgUnit,
    rater: User,
    score: int,
    kind: str = KIND,
    object_id: int | None = None,
    created_at: datetime | None = None,
    poor_threshold: int = 2,
) -> Rating:
    """A rating row for the roll-up tests (the service's rules are tested through the service)."""
    row = Rating.objects.create(
        kind=kind,
        object_id=object_id or next(_seq),
        unit=unit,
        rater=rater,
        score=score,
        title=f"服务{CANARY}",
        poor_threshold=poor_threshold,
        follow_up=FollowUp.WAITING if score <= poor_threshold else FollowUp.NONE,
    )
    if created_at is not None:
        Rating.objects.filter(pk=row.pk).update(created_at=created_at)
        row.refresh_from_db()
    return row
