"""A booking rush on PostgreSQL and SQLite: arrival numbers and places taken without over-booking.

Thousands of requests for a few dozen places must each get an answer at once, in arrival order, and never book
more than there are places. The mechanism, shared by every "first come, first served" booking
(recuperation trips, worker-service activities); its fairness scenarios are ``gonghui.common.testing.fairness``:

- :func:`take_number` gives the next arrival number of a counter column with one
  ``UPDATE ... SET n = n + 1 ... RETURNING n``. The row stays locked until the transaction ends, so the requests of
  one event are decided one after the other in the order of their numbers (the order in which PostgreSQL granted
  the row lock: the arrival order), and every check made after it sees the decisions of all earlier numbers.
- :func:`take_place` takes one place from the first of several pools (deepest first) that still has one, with a
  conditional ``UPDATE ... SET used = used + 1 WHERE id = %s AND places - reserved - used > 0``: the database
  re-checks the count in the statement that changes it, so even a caller that forgot the counter lock cannot
  over-book.
- :func:`release_place` gives a place back.

Each request is one short transaction (a counter update, a few reads by index, one insert): the lock is held for
a few milliseconds, and requests of other events never wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(str(model._meta.get_field(field).column))  # type: ignore[union-attr]


def take_number(model: type[Model], pk: int, field: str) -> int:
    """The next value of the counter ``field`` of row ``pk`` (locked until the transaction ends)."""
    column = _column(model, field)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(model)} SET {column} = {column} + 1 WHERE id = %s RETURNING {column}",  # noqa: S608
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist  # type: ignore[attr-defined]
    return int(row[0])


def take_place(
    model: type[Model],
    candidates: Sequence[int],
    *,
    places: str = "places",
    used: str = "booked",
    reserved: str = "allotted",
) -> int | None:
    """Take one place from the first pool of ``candidates`` that has one free; its id, or ``None`` (all full)."""
    table = _table(model)
    p, u, r = _column(model, places), _column(model, used), _column(model, reserved)
    with connection.cursor() as cursor:
        for pk in candidates:
            cursor.execute(
                f"UPDATE {table} SET {u} = {u} + 1 WHERE id = %s AND {p} - {r} - {u} > 0",  # noqa: S608
                [pk],
            )
            if cursor.rowcount == 1:
                return pk
    return None


def release_place(model: type[Model], pk: int, *, used: str = "booked") -> None:
    column = _column(model, used)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(model)} SET {column} = {column} - 1 WHERE id = %s AND {column} > 0",  # noqa: S608
            [pk],
        )
