"""Member portal pages of 民主管理: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.congress.congresses import portal_urls as congresses
from gonghui.congress.directors import portal_urls as directors
from gonghui.congress.openness import portal_urls as openness
from gonghui.congress.proposals import portal_urls as proposals
from gonghui.congress.sessions import portal_urls as sessions
from gonghui.congress.stats import portal_urls as stats
from gonghui.congress.suggestions import portal_urls as suggestions

app_name = "congress_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *congresses.urlpatterns,
    *sessions.urlpatterns,
    *proposals.urlpatterns,
    *suggestions.urlpatterns,
    *directors.urlpatterns,
    *openness.urlpatterns,
    *stats.urlpatterns,
]
