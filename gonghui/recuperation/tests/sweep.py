"""URL sweep resolvers of recuperation: each part's ``tests/sweep.py`` (where the part has one), listed here."""

from __future__ import annotations

import importlib
from typing import Any

PART_NAMES = ("trips", "booking", "sanatorium", "health", "stats")


def _parts() -> list[Any]:
    found = []
    for name in PART_NAMES:
        module = f"gonghui.recuperation.{name}.tests.sweep"
        try:
            found.append(importlib.import_module(module))
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return found


PARTS = tuple(_parts())
RESOLVERS: dict[str, Any] = {name: fn for part in PARTS for name, fn in part.RESOLVERS.items()}
PUBLIC: set[str] = {name for part in PARTS for name in part.PUBLIC}
SIGNED_IN: set[str] = {name for part in PARTS for name in part.SIGNED_IN}
LOCAL_ONLY: set[str] = {name for part in PARTS for name in part.LOCAL_ONLY}
