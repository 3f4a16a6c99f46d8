"""What an app contributes to the platform's shells, registered explicitly from its ``AppConfig.ready()``.

The console menu (``gonghui.console.nav.NAV``), the portal's service tiles (``gonghui.portal.tiles.TILES``) and the
recurring jobs (``gonghui.common.periodic.JOBS``) are each one :class:`Contributions`. An app adds its own items in
``ready()``, importing what it means::

    def ready(self) -> None:
        from gonghui.common.periodic import JOBS
        from gonghui.console.nav import NAV
        from gonghui.finance import nav, schedule

        NAV.add(self.label, nav.NAV)
        JOBS.add(self.label, schedule.SCHEDULE)

Nothing is discovered by name: a module that nobody registers contributes nothing, and a reader (or a type checker)
follows every contribution from the app's ``apps.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Contributions(Generic[T]):
    """Items contributed by apps, kept per app (registering again replaces that app's items)."""

    def __init__(self, what: str, *, order: Callable[[T], Any] | None = None) -> None:
        self.what = what
        self._order = order
        self._by_app: dict[str, tuple[T, ...]] = {}

    def add(self, app: str, items: Iterable[T]) -> None:
        self._by_app[app] = tuple(items)

    def items(self) -> tuple[T, ...]:
        """Every app's items: in registration order (``INSTALLED_APPS`` order), or sorted by ``order``."""
        found = [item for items in self._by_app.values() for item in items]
        if self._order is not None:
            found.sort(key=self._order)
        return tuple(found)

    def apps(self) -> tuple[str, ...]:
        return tuple(self._by_app)
