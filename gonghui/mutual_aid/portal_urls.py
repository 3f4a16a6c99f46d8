"""Member portal pages of 职工医疗互助保障: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.mutual_aid.claims import portal_urls as claims
from gonghui.mutual_aid.enrolment import portal_urls as enrolment
from gonghui.mutual_aid.plans import portal_urls as plans
from gonghui.mutual_aid.stats import portal_urls as stats

app_name = "mutual_aid_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *plans.urlpatterns,
    *enrolment.urlpatterns,
    *claims.urlpatterns,
    *stats.urlpatterns,
]
