"""URL-sweep resolvers (``tests/test_url_sweep.py``). The calendar is platform-wide data, visible to every
staff member by design, so nothing here carries the CANARY of the target subtree."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gonghui.authz.testing import World


def _year(world: World) -> Any:
    return timezone.localdate().year


def _day(world: World) -> Any:
    from gonghui.workdays.services import seed_calendar

    seed_calendar(2026)
    return "2026-10-01"


RESOLVERS = {
    "year": _year,
    "v1:calendar-day-detail:day": _day,
}
PUBLIC: set[str] = set()
