"""URL sweep resolvers of the member roster, gathered from each module's own sweep file."""

from __future__ import annotations

import importlib
from typing import Any

RESOLVERS: dict[str, Any] = {}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
for _name in ("sweep_roster", "sweep_imports", "sweep_joining", "sweep_stats"):
    try:
        _module = importlib.import_module(f"gonghui.members.tests.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.members.tests.{_name}":
            raise
        continue
    RESOLVERS.update(getattr(_module, "RESOLVERS", {}))
    PUBLIC |= set(getattr(_module, "PUBLIC", set()))
    SIGNED_IN |= set(getattr(_module, "SIGNED_IN", set()))
