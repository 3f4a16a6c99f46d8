"""Console URLs of congress sessions (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.sessions import views

urlpatterns: list[URLPattern] = [
    path("sessions/", views.session_list, name="session_list"),
    path("terms/<int:term_id>/sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/quorum/", views.session_quorum, name="session_quorum"),
    path("sessions/<int:session_id>/sign-in/", views.session_sign_in, name="session_sign_in"),
]
