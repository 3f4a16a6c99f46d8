"""Console pages of the member roster (``/console/members/``), including the import, joining, transfer and
statistics pages from their own modules when present."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver

app_name = "members"
urlpatterns: list[URLPattern | URLResolver] = []
for _name in ("urls_roster", "urls_imports", "urls_joining", "urls_transfers", "urls_stats"):
    try:
        urlpatterns += importlib.import_module(f"gonghui.members.{_name}").urlpatterns
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.members.{_name}":
            raise
