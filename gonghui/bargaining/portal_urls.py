"""Member portal pages of 平等协商: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.bargaining.agreements import portal_urls as agreements
from gonghui.bargaining.negotiations import portal_urls as negotiations
from gonghui.bargaining.stats import portal_urls as stats

app_name = "bargaining_portal"
urlpatterns: list[URLPattern | URLResolver] = [*negotiations.urlpatterns, *agreements.urlpatterns, *stats.urlpatterns]
