"""Member portal URLs of proposals (namespace ``congress_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.proposals import portal_views

urlpatterns: list[URLPattern] = [
    path("congress/proposals/", portal_views.my_proposals, name="proposal_mine"),
    path("congress/proposals/new/", portal_views.proposal_new, name="proposal_new"),
    path("congress/proposals/<int:proposal_id>/", portal_views.proposal_detail, name="proposal_detail"),
]
