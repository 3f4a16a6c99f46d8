"""Console URLs of workers' congresses (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.congresses import views
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("congresses/", views.congress_list, name="congress_list"),
    path("congresses/new/", views.congress_new, name="congress_new"),
    path("congresses/units/", unit_search_view(VIEW_CONGRESS), name="congress_unit_search"),
    path("congresses/units/manage/", unit_search_view(MANAGE_CONGRESS), name="congress_manage_unit_search"),
    path("congresses/<int:congress_id>/", views.congress_detail, name="congress_detail"),
    path("terms/<int:term_id>/", views.term_detail, name="term_detail"),
    path("terms/<int:term_id>/representatives.xlsx", views.representatives_export, name="representatives_export"),
]
