"""Member portal tiles of 法律维权: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.legal_aid.cases import tiles as cases
from gonghui.legal_aid.requests import tiles as requests
from gonghui.legal_aid.stats import tiles as stats
from gonghui.legal_aid.supervision import tiles as supervision

TILES: list[Any] = [*cases.TILES, *supervision.TILES, *requests.TILES, *stats.TILES]
