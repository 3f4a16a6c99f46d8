"""Member roster API under ``/api/v1/``: each part's routes and patterns, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.members.cards import api as cards
from gonghui.members.imports import api as imports
from gonghui.members.joining import api as joining
from gonghui.members.roster import api as roster
from gonghui.members.stats import api as stats
from gonghui.members.transfers import api as transfers

routes: list[tuple[str, Any, str]] = [
    *roster.routes,
    *imports.routes,
    *joining.routes,
    *transfers.routes,
]
urlpatterns: list[Any] = [*cards.urlpatterns, *stats.urlpatterns]
