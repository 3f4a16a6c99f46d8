"""The console home's panels of 平等协商: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.bargaining.agreements import panels as agreements
from gonghui.bargaining.negotiations import panels as negotiations
from gonghui.bargaining.stats import panels as stats
from gonghui.console.panels import Panel

PANELS: list[Panel] = [*negotiations.PANELS, *agreements.PANELS, *stats.PANELS]
