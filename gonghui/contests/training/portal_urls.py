"""Member portal URLs of skill training and the public certificate verification (namespace ``contests_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.training import portal_views

urlpatterns: list[URLPattern] = [
    path("contests/training/", portal_views.my_courses, name="course_home"),
    path("contests/training/<int:course_id>/", portal_views.my_course, name="course_mine"),
    path("contests/training/<int:course_id>/certificate/", portal_views.my_certificate, name="certificate_mine"),
    path("contests/training/verify/", portal_views.certificate_lookup, name="certificate_lookup"),
    path("contests/training/verify/<str:token>/", portal_views.certificate_verify, name="certificate_verify"),
]
