"""Console navigation of 平等协商: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.bargaining.agreements import nav as agreements
from gonghui.bargaining.negotiations import nav as negotiations
from gonghui.bargaining.stats import nav as stats
from gonghui.console.nav import NavItem

NAV: list[NavItem] = [*negotiations.NAV, *agreements.NAV, *stats.NAV]
