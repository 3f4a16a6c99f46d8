"""Member portal tiles of 职工服务: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.worker_services.activities import tiles as activities
from gonghui.worker_services.partners import tiles as partners
from gonghui.worker_services.points import tiles as points
from gonghui.worker_services.stats import tiles as stats
from gonghui.worker_services.surveys import tiles as surveys

TILES: list[Any] = [*activities.TILES, *partners.TILES, *points.TILES, *surveys.TILES, *stats.TILES]
