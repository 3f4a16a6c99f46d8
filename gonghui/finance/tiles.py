"""Member portal tiles of union funds, gathered from each part's ``tiles_<part>.py`` (``TILES = [...]``)."""

from __future__ import annotations

import importlib
from typing import Any

TILES: list[Any] = []
for _name in ("ledger", "payments", "allocation", "dues", "budgets", "audits"):
    try:
        TILES += importlib.import_module(f"gonghui.finance.tiles_{_name}").TILES
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.finance.tiles_{_name}":
            raise
