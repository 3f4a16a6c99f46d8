"""Console URLs of needs surveys (under the ``worker_services:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.orgs.picker import unit_search_view
from gonghui.worker_services.permissions import MANAGE_SURVEYS
from gonghui.worker_services.surveys import views

urlpatterns: list[URLPattern] = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_new, name="survey_new"),
    path("surveys/units/", unit_search_view(MANAGE_SURVEYS), name="survey_unit_search"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:survey_id>/questions/<int:question_id>/", views.question_edit, name="survey_question_edit"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:survey_id>/export/", views.survey_export, name="survey_export"),
]
