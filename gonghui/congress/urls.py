"""Console pages of 民主管理 (``/console/congress/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.congress.congresses import urls as congresses
from gonghui.congress.directors import urls as directors
from gonghui.congress.openness import urls as openness
from gonghui.congress.proposals import urls as proposals
from gonghui.congress.sessions import urls as sessions
from gonghui.congress.stats import urls as stats
from gonghui.congress.suggestions import urls as suggestions

app_name = "congress"
urlpatterns: list[URLPattern | URLResolver] = [
    *congresses.urlpatterns,
    *sessions.urlpatterns,
    *proposals.urlpatterns,
    *suggestions.urlpatterns,
    *directors.urlpatterns,
    *openness.urlpatterns,
    *stats.urlpatterns,
]
