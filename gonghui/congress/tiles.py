"""Member portal tiles of 民主管理: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.congress.congresses import tiles as congresses
from gonghui.congress.directors import tiles as directors
from gonghui.congress.openness import tiles as openness
from gonghui.congress.proposals import tiles as proposals
from gonghui.congress.sessions import tiles as sessions
from gonghui.congress.stats import tiles as stats
from gonghui.congress.suggestions import tiles as suggestions

TILES: list[Any] = [
    *congresses.TILES,
    *sessions.TILES,
    *proposals.TILES,
    *suggestions.TILES,
    *directors.TILES,
    *openness.TILES,
    *stats.TILES,
]
