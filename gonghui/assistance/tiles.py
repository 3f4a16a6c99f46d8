"""Member portal tiles of assistance: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

TILES: list[Any] = []

# -- hardship assistance --
from gonghui.assistance.applications.tiles import TILES as applications_tiles  # noqa: E402

TILES += applications_tiles
# critical-illness relief (大病救助)
from gonghui.assistance.relief import tiles as relief_tiles  # noqa: E402

TILES += relief_tiles.TILES
