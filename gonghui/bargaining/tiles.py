"""Member portal tiles of 平等协商: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.bargaining.agreements import tiles as agreements
from gonghui.bargaining.negotiations import tiles as negotiations
from gonghui.bargaining.stats import tiles as stats

TILES: list[Any] = [*negotiations.TILES, *agreements.TILES, *stats.TILES]
