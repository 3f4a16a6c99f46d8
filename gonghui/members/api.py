"""Member roster API under ``/api/v1/``: gathers the routes of the roster, import, joining and statistics modules."""

from __future__ import annotations

import importlib
from typing import Any

routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = []
for _name in ("api_roster", "api_imports", "api_joining", "api_stats"):
    try:
        _module = importlib.import_module(f"gonghui.members.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.members.{_name}":
            raise
        continue
    routes += getattr(_module, "routes", [])
    urlpatterns += getattr(_module, "urlpatterns", [])
