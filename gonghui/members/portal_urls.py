"""Member portal pages (``/members/...``) and the public card verification (``/verify/<token>/``)."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver

app_name = "member_portal"
urlpatterns: list[URLPattern | URLResolver] = []
for _name in ("portal_urls_joining",):
    try:
        urlpatterns += importlib.import_module(f"gonghui.members.{_name}").urlpatterns
    except ModuleNotFoundError as exc:
        if exc.name != f"gonghui.members.{_name}":
            raise
