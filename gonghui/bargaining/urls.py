"""Console pages of 平等协商 (``/console/bargaining/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.bargaining.agreements import urls as agreements
from gonghui.bargaining.negotiations import urls as negotiations
from gonghui.bargaining.stats import urls as stats

app_name = "bargaining"
urlpatterns: list[URLPattern | URLResolver] = [*negotiations.urlpatterns, *agreements.urlpatterns, *stats.urlpatterns]
