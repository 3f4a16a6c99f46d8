"""Member portal URLs of congress sessions (namespace ``congress_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.sessions import portal_views

urlpatterns: list[URLPattern] = [
    path("congress/", portal_views.my_congress, name="mine"),
    path("congress/sessions/<int:session_id>/", portal_views.my_session, name="session_mine"),
    path("congress/resolutions/<int:session_id>/", portal_views.resolutions, name="resolutions"),
]
