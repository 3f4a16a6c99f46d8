"""Console pages of the member roster (``/console/members/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.members.cards import urls as cards
from gonghui.members.imports import urls as imports
from gonghui.members.joining import urls as joining
from gonghui.members.roster import urls as roster
from gonghui.members.stats import urls as stats
from gonghui.members.transfers import urls as transfers

app_name = "members"
urlpatterns: list[URLPattern | URLResolver] = [
    *roster.urlpatterns,
    *imports.urlpatterns,
    *joining.urlpatterns,
    *cards.urlpatterns,
    *transfers.urlpatterns,
    *stats.urlpatterns,
]
