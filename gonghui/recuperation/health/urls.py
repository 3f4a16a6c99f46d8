"""Console URLs of model workers' check-ups (under ``recuperation:``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.orgs.picker import unit_search_view
from gonghui.recuperation.health import views
from gonghui.recuperation.permissions import VIEW_RECUPERATION

urlpatterns: list[URLPattern] = [
    path("checkups/", views.checkup_list, name="checkup_list"),
    path("checkups/book-all/", views.checkup_book_all, name="checkup_book_all"),
    path("checkups/book/", views.checkup_book_one, name="checkup_book_one"),
    path("checkups/units/", unit_search_view(VIEW_RECUPERATION), name="checkup_unit_search"),
    path("checkups/<int:checkup_id>/", views.checkup_detail, name="checkup_detail"),
    path("checkups/<int:checkup_id>/reveal/", views.checkup_reveal, name="checkup_reveal"),
    path("hospitals/", views.hospital_list, name="hospital_list"),
    path("health/<int:member_id>/", views.health_profile, name="health_profile"),
]
