"""Member portal tiles of assistance: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

TILES: list[Any] = []
