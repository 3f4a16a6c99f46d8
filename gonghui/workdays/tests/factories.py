"""Test helpers for the calendar. Rows are written through the services (never ``objects.create``), so that
the in-process cache of year overrides is invalidated exactly as in production."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.workdays.permissions import MANAGE_CALENDAR, VIEW_CALENDAR


def calendar_admin(world: World) -> Any:
    """Staff holding ``workdays.manage_calendar`` at the tree root (the province)."""
    return world.staff("caladmin", world.province, [VIEW_CALENDAR, MANAGE_CALENDAR])
