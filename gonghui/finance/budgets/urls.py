"""Console pages of budgets under ``/console/finance/budgets/``."""

from __future__ import annotations

from django.urls import path

from gonghui.finance.budgets import views

urlpatterns = [
    path("budgets/", views.budget_list, name="budget_list"),
    path("budgets/new/", views.budget_new, name="budget_new"),
    path("budgets/<int:budget_id>/", views.budget_detail, name="budget_detail"),
    path("budgets/<int:budget_id>/edit/", views.budget_edit, name="budget_edit"),
    path("budgets/<int:budget_id>/submit/", views.budget_submit, name="budget_submit"),
    path("budgets/<int:budget_id>/decide/", views.budget_decide, name="budget_decide"),
    path("budgets/<int:budget_id>/revise/", views.budget_revise, name="budget_revise"),
    path("budgets/<int:budget_id>/export.xlsx", views.budget_export, name="budget_export"),
]
