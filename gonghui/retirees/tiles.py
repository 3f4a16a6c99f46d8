"""Member portal tiles of 退休职工: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.retirees.clubs import tiles as clubs
from gonghui.retirees.condolences import tiles as condolences
from gonghui.retirees.stats import tiles as stats
from gonghui.retirees.visits import tiles as visits

TILES: list[Any] = [*clubs.TILES, *visits.TILES, *condolences.TILES, *stats.TILES]
