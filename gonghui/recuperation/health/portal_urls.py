"""The worker's check-up pages (under ``recuperation_portal:``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.recuperation.health import portal_views

urlpatterns: list[URLPattern] = [
    path("checkups/", portal_views.my_checkups, name="my_checkups"),
    path("checkups/<int:checkup_id>/", portal_views.my_checkup, name="my_checkup"),
]
