"""Member portal URLs of rational suggestions (namespace ``congress_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.suggestions import portal_views

urlpatterns: list[URLPattern] = [
    path("congress/suggestions/", portal_views.my_suggestions, name="suggestion_mine"),
    path("congress/suggestions/new/", portal_views.suggestion_new, name="suggestion_new"),
    path("congress/suggestions/<int:suggestion_id>/", portal_views.suggestion_detail, name="suggestion_detail"),
]
