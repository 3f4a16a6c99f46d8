"""Console pages of 建功立业 (``/console/contests/``): each part's patterns, listed here."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from gonghui.contests.competitions import urls as competitions
from gonghui.contests.quiz import urls as quiz
from gonghui.contests.stats import urls as stats
from gonghui.contests.training import urls as training

app_name = "contests"
urlpatterns: list[URLPattern | URLResolver] = [
    *competitions.urlpatterns,
    *quiz.urlpatterns,
    *training.urlpatterns,
    *stats.urlpatterns,
]
