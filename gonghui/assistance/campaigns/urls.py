"""Console URLs of campaigns (under the ``assistance:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.assistance.campaigns import views
from gonghui.assistance.permissions import MANAGE_CAMPAIGN
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/units/", unit_search_view(MANAGE_CAMPAIGN), name="campaign_unit_search"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/recipients/", views.campaign_recipients, name="campaign_recipients"),
    path(
        "campaigns/<int:campaign_id>/recipients/<int:recipient_id>/remove/",
        views.campaign_recipient_remove,
        name="campaign_recipient_remove",
    ),
    path("campaigns/<int:campaign_id>/progress/", views.campaign_progress, name="campaign_progress"),
    path("campaigns/<int:campaign_id>/progress.xlsx", views.campaign_progress_export, name="campaign_progress_export"),
]
