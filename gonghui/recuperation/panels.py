"""The console home's panels of 疗休养: each part's waiting work, listed here."""

from __future__ import annotations

from gonghui.console.panels import Panel
from gonghui.recuperation.booking import panels as booking
from gonghui.recuperation.health import panels as health
from gonghui.recuperation.sanatorium import panels as sanatorium
from gonghui.recuperation.stats import panels as stats
from gonghui.recuperation.trips import panels as trips

PANELS: list[Panel] = [*trips.PANELS, *booking.PANELS, *sanatorium.PANELS, *health.PANELS, *stats.PANELS]
