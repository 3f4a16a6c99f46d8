"""Console pages of 职工医疗互助保障 (``/console/mutual-aid/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.mutual_aid.claims import urls as claims
from gonghui.mutual_aid.enrolment import urls as enrolment
from gonghui.mutual_aid.plans import urls as plans
from gonghui.mutual_aid.stats import urls as stats

app_name = "mutual_aid"
urlpatterns: list[URLPattern | URLResolver] = [
    *plans.urlpatterns,
    *enrolment.urlpatterns,
    *claims.urlpatterns,
    *stats.urlpatterns,
]
