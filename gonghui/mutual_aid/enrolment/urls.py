"""Console URLs of whole-unit enrolment (namespace ``mutual_aid``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.enrolment import views

urlpatterns: list[URLPattern] = [
    path("enrolments/", views.enrolment_list, name="enrolment_list"),
    path("enrolments/new/", views.enrolment_new, name="enrolment_new"),
    path("enrolments/<int:enrolment_id>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:enrolment_id>/export.xlsx", views.enrolment_export, name="enrolment_export"),
    path(
        "enrolments/<int:enrolment_id>/corrections/<int:correction_id>/",
        views.correction_detail,
        name="correction_detail",
    ),
]
