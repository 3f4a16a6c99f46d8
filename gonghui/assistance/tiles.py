"""Member portal tiles of assistance: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.applications import tiles as applications
from gonghui.assistance.relief import tiles as relief

TILES: list[Any] = [*applications.TILES, *relief.TILES]
