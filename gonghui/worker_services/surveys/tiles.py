from __future__ import annotations

from typing import Any

TILES: list[Any] = []
