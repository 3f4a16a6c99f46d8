"""Member portal tiles of 疗休养: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.recuperation.booking import tiles as booking
from gonghui.recuperation.health import tiles as health
from gonghui.recuperation.sanatorium import tiles as sanatorium
from gonghui.recuperation.stats import tiles as stats
from gonghui.recuperation.trips import tiles as trips

TILES: list[Any] = [*trips.TILES, *booking.TILES, *sanatorium.TILES, *health.TILES, *stats.TILES]
