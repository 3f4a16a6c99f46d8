"""Member portal tiles of 劳模工匠: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.honors.campaigns import tiles as campaigns
from gonghui.honors.praise import tiles as praise
from gonghui.honors.register import tiles as register
from gonghui.honors.stats import tiles as stats
from gonghui.honors.studios import tiles as studios

TILES: list[Any] = [*register.TILES, *campaigns.TILES, *studios.TILES, *praise.TILES, *stats.TILES]
