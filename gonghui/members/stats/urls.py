"""Member statistics pages under ``/console/members/`` (namespace ``members``)."""

from __future__ import annotations

from django.urls import path

from gonghui.members.stats import views

urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
]
