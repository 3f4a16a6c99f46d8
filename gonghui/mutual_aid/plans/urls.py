"""Console URLs of mutual-aid plans (namespace ``mutual_aid``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.plans import views

urlpatterns: list[URLPattern] = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/action/", views.plan_action, name="plan_action"),
    path("plans/<int:plan_id>/v<int:number>/", views.version_detail, name="version_detail"),
    path("plans/<int:plan_id>/v<int:number>/rules/<int:tier_id>/<str:kind>/", views.rule_edit, name="rule_edit"),
]
