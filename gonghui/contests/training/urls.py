"""Console URLs of skill training (under the ``contests:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.training import views

urlpatterns: list[URLPattern] = [
    path("training/", views.course_list, name="course_list"),
    path("training/new/", views.course_new, name="course_new"),
    path("training/<int:course_id>/", views.course_detail, name="course_detail"),
    path("training/<int:course_id>/sessions/<int:session_id>/sign-in/", views.session_sign_in, name="course_sign_in"),
]
