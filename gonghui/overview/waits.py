"""Helpers for the sources of the overview's waiting group: a queue's count, oldest wait and overdue items in one
aggregate, and the list URL filtered to the unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode

from gonghui.overview.registry import Figure, Kind


def waited_days(oldest: datetime | date | None) -> int | None:
    """Whole days since ``oldest`` (local date), ``None`` when nothing waits."""
    if oldest is None:
        return None
    since = timezone.localdate(oldest) if isinstance(oldest, datetime) else oldest
    return max(0, (timezone.localdate() - since).days)


def unit_url(url: str, unit_id: int, **params: str) -> str:
    """``url`` with ``unit=<id>`` and ``params`` as its query string (the module's list filtered to the unit)."""
    query: dict[str, str | int] = {**params, "unit": unit_id}
    return f"{url}?{urlencode(query)}"


@dataclass(frozen=True)
class Queue:
    """Items waiting in a subtree: how many, since when the oldest has waited, how many are overdue."""

    count: int
    oldest: datetime | date | None
    overdue: int

    @property
    def waited_days(self) -> int | None:
        return waited_days(self.oldest)


def queue_of(qs: QuerySet[Any], *, since: str, overdue: Q | None = None) -> Queue:
    """One aggregate over ``qs`` (a module's rows already limited to a subtree): the count, the oldest ``since``
    and the number matching ``overdue``."""
    aggregates: dict[str, Any] = {"n": Count("pk"), "oldest": Min(since)}
    if overdue is not None:
        aggregates["late"] = Count("pk", filter=overdue)
    row = qs.order_by().aggregate(**aggregates)
    return Queue(count=row["n"] or 0, oldest=row["oldest"], overdue=row.get("late") or 0)


def queue_figures(
    queue: Queue,
    *,
    label: Promise | str,
    oldest_label: Promise | str,
    overdue_label: Promise | str | None,
    url: str,
    overdue_url: str = "",
) -> list[Figure]:
    """The three figures of a queue: the count, the oldest wait in days, the overdue count (when it has one)."""
    out = [
        Figure("waiting", label, queue.count, url=url),
        Figure("oldest", oldest_label, queue.waited_days, kind=Kind.DAYS, url=url),
    ]
    if overdue_label is not None:
        out.append(Figure("overdue", overdue_label, queue.overdue, url=overdue_url or url, overdue=True))
    return out
