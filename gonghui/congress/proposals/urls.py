"""Console URLs of proposals (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.proposals import views

urlpatterns: list[URLPattern] = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/export.xlsx", views.proposal_export, name="proposal_export"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
]
