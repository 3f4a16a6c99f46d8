"""Member portal tiles of 劳模工匠: each part's ``TILES``, listed here."""

from __future__ import annotations

from typing import Any

from gonghui.honors.register import tiles as register

TILES: list[Any] = [*register.TILES]
