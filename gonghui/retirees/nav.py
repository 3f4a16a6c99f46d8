"""Console navigation of 退休职工: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.retirees.clubs import nav as clubs
from gonghui.retirees.condolences import nav as condolences
from gonghui.retirees.stats import nav as stats
from gonghui.retirees.visits import nav as visits

NAV: list[NavItem] = [*clubs.NAV, *visits.NAV, *condolences.NAV, *stats.NAV]
