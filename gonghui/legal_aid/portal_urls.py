"""Member portal pages of 法律维权: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.legal_aid.cases import portal_urls as cases
from gonghui.legal_aid.requests import portal_urls as requests
from gonghui.legal_aid.stats import portal_urls as stats
from gonghui.legal_aid.supervision import portal_urls as supervision

app_name = "legal_aid_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *cases.urlpatterns,
    *supervision.urlpatterns,
    *requests.urlpatterns,
    *stats.urlpatterns,
]
