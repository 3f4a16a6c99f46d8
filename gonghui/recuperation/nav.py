"""Console navigation of 疗休养: each part's ``NAV``, listed here."""

from __future__ import annotations

from gonghui.console.nav import NavItem
from gonghui.recuperation.booking import nav as booking
from gonghui.recuperation.health import nav as health
from gonghui.recuperation.sanatorium import nav as sanatorium
from gonghui.recuperation.stats import nav as stats
from gonghui.recuperation.trips import nav as trips

NAV: list[NavItem] = [*trips.NAV, *booking.NAV, *sanatorium.NAV, *health.NAV, *stats.NAV]
