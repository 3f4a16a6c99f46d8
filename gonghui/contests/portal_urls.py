"""Member portal pages of 建功立业: each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.contests.competitions import portal_urls as competitions
from gonghui.contests.quiz import portal_urls as quiz
from gonghui.contests.stats import portal_urls as stats
from gonghui.contests.training import portal_urls as training

app_name = "contests_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    *competitions.urlpatterns,
    *quiz.urlpatterns,
    *training.urlpatterns,
    *stats.urlpatterns,
]
