"""In-process cache of each year's calendar overrides.

Deadlines are computed often and the calendar changes a few times a year, so the overrides of a year
(``{date: kind}``, a few dozen rows) are kept in a process-wide dictionary. Correctness rules:

- The cache is *populated* only from reads made outside a transaction (autocommit), so it only ever holds
  committed rows. A read inside a transaction may *use* a cached year, unless the same connection wrote
  that year in the still-open transaction (then it reads the database, to see its own writes).
- Every write (``services``) calls :func:`mark_written`: the year is dropped at once and again when the
  transaction commits (another process or thread may have cached the old rows in between).
- Other worker processes see a change after at most :data:`TTL_SECONDS`.
- A database flush (the end of a transactional test) clears everything (``post_migrate``, see ``apps``).

Nothing here is a source of truth: :func:`clear` may be called at any time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from django.db import connection, transaction

TTL_SECONDS = 60.0
_ATTR = "_gonghui_workdays_written"

_lock = threading.Lock()
_years: dict[int, tuple[float, Mapping[date, str]]] = {}
# Bumped by every invalidation, so that a read that raced with a write does not store the old rows.
_generation = [0]


def clear(**_: Any) -> None:
    """Forget every cached year (also a ``post_migrate`` receiver, hence the keyword arguments)."""
    with _lock:
        _years.clear()
        _generation[0] += 1


def invalidate(years: Iterable[int]) -> None:
    with _lock:
        for year in years:
            _years.pop(year, None)
        _generation[0] += 1


def _outer_block() -> object | None:
    blocks = connection.atomic_blocks
    return blocks[0] if connection.in_atomic_block and blocks else None


def _written_in_open_transaction(year: int) -> bool:
    state: tuple[object, set[int]] | None = getattr(connection, _ATTR, None)
    if state is None:
        return False
    block, years = state
    if block is not _outer_block():
        # That transaction ended without running its commit hook: it was rolled back.
        delattr(connection, _ATTR)
        return False
    return year in years


def mark_written(years: Iterable[int]) -> None:
    """Called by every service that changes the rows of ``years``, inside its transaction."""
    years = set(years)
    invalidate(years)
    outer = _outer_block()
    if outer is None:
        return
    state: tuple[object, set[int]] | None = getattr(connection, _ATTR, None)
    if state is None or state[0] is not outer:
        state = (outer, set())
        setattr(connection, _ATTR, state)
    state[1].update(years)

    def committed() -> None:
        if getattr(connection, _ATTR, None) is state:
            delattr(connection, _ATTR)
        invalidate(years)

    transaction.on_commit(committed)


def get_year(year: int, load: Callable[[int], dict[date, str]]) -> Mapping[date, str]:
    """The overrides of ``year`` as ``{date: kind}``; ``load(year)`` reads them from the database."""
    if _written_in_open_transaction(year):
        return MappingProxyType(load(year))
    now = time.monotonic()
    with _lock:
        entry = _years.get(year)
        generation = _generation[0]
    if entry is not None and now - entry[0] < TTL_SECONDS:
        return entry[1]
    data: Mapping[date, str] = MappingProxyType(load(year))
    if not connection.in_atomic_block:
        with _lock:
            if _generation[0] == generation:
                _years[year] = (now, data)
    return data
