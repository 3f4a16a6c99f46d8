"""The console home's panels of 退休职工: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.retirees.clubs import panels as clubs
from gonghui.retirees.condolences import panels as condolences
from gonghui.retirees.stats import panels as stats
from gonghui.retirees.visits import panels as visits

PANELS: list[Panel] = [*clubs.PANELS, *visits.PANELS, *condolences.PANELS, *stats.PANELS]
