"""Member portal URLs of needs surveys (namespace ``worker_services_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.worker_services.surveys import portal_views

urlpatterns: list[URLPattern] = [
    path("surveys/", portal_views.my_surveys, name="survey_home"),
    path("surveys/<int:survey_id>/", portal_views.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/results/", portal_views.survey_results, name="survey_results"),
]
