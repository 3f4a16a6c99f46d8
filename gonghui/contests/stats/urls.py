"""Console URLs of the quiz and training statistics (under the ``contests:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.stats import views

urlpatterns: list[URLPattern] = [
    path("stats/", views.contest_stats, name="stats"),
    path("stats/export/", views.contest_stats_export, name="stats_export"),
]
