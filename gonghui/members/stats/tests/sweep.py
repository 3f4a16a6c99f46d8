"""URL sweep of the member statistics: its URLs take no kwargs (the unit is a query parameter) and none is
public; the sweep requests them bare (each actor sees the statistics of their own root unit)."""

from __future__ import annotations

from typing import Any

RESOLVERS: dict[str, Any] = {}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
