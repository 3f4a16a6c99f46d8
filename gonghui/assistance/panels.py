"""The console home's panels of assistance: each part's waiting work, listed here."""

from __future__ import annotations

from typing import Any

PANELS: list[Any] = []
