"""The console home as a workbench: what waits for the signed-in staff member, contributed by each module.

Each app lists its panels in ``gonghui/<app>/panels.py`` as ``PANELS = [Panel(...)]`` and adds them to
:data:`PANELS` in its ``AppConfig.ready()`` (like ``console.nav.NAV``)::

    PANELS.add(self.label, panels.PANELS)

A panel's ``waiting(actor)`` returns one :class:`Waiting` per queue: how many items wait for this actor, since when
the oldest has waited, how many are overdue, and the URL of the queue. It reads through the module's own scoped
selectors (an aggregate query per queue), so a panel never shows what the actor could not open. Queues with
nothing waiting are left out; the home lists the panels in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class Waiting:
    label: Promise | str
    count: int
    url: str
    oldest: datetime | date | None = None
    overdue: int = 0

    @property
    def waited_days(self) -> int | None:
        """Whole days the oldest item has waited (``None``: unknown)."""
        if self.oldest is None:
            return None
        since = timezone.localdate(self.oldest) if isinstance(self.oldest, datetime) else self.oldest
        return max(0, (timezone.localdate() - since).days)


@dataclass(frozen=True)
class Panel:
    title: Promise | str
    waiting: Callable[[Any], list[Waiting]]
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    title: Promise | str
    items: list[Waiting]

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)


PANELS: Contributions[Panel] = Contributions("console panels", order=lambda panel: panel.order)


def waiting_for(actor: Any) -> list[ShownPanel]:
    """The panels with something waiting for ``actor``, in order."""
    shown = []
    for panel in PANELS.items():
        items = [item for item in panel.waiting(actor) if item.count]
        if items:
            shown.append(ShownPanel(title=panel.title, items=items))
    return shown


def summarize(qs: QuerySet[Any], *, label: Promise | str, url: str, since: str, overdue: Q | None = None) -> Waiting:
    """One :class:`Waiting` from a scoped queryset in one aggregate query: the count, the oldest ``since`` and the
    number matching ``overdue``."""
    aggregates: dict[str, Any] = {"n": Count("pk"), "oldest": Min(since)}
    if overdue is not None:
        aggregates["late"] = Count("pk", filter=overdue)
    row = qs.order_by().aggregate(**aggregates)
    return Waiting(label=label, count=row["n"] or 0, url=url, oldest=row["oldest"], overdue=row.get("late") or 0)
