"""Console pages of 法律维权 (``/console/legal-aid/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.legal_aid.cases import urls as cases
from gonghui.legal_aid.requests import urls as requests
from gonghui.legal_aid.stats import urls as stats
from gonghui.legal_aid.supervision import urls as supervision

app_name = "legal_aid"
urlpatterns: list[URLPattern | URLResolver] = [
    *cases.urlpatterns,
    *supervision.urlpatterns,
    *requests.urlpatterns,
    *stats.urlpatterns,
]
