"""Console URLs of nomination campaigns and benefits (under the ``honors:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.campaigns import views
from gonghui.honors.permissions import MANAGE_CAMPAIGNS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/units/", unit_search_view(MANAGE_CAMPAIGNS), name="campaign_unit_search"),
    path("campaigns/<int:honor_campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:honor_campaign_id>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:honor_campaign_id>/award/", views.campaign_award, name="campaign_award"),
    path("campaigns/quotas/<int:honor_quota_id>/allot/", views.quota_allot, name="campaign_quota_allot"),
    path("campaigns/quotas/<int:honor_quota_id>/hand-back/", views.quota_hand_back, name="campaign_quota_hand_back"),
    path("campaigns/quotas/<int:honor_quota_id>/nominate/", views.nomination_new, name="nomination_new"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination_detail"),
    path("nominations/<int:nomination_id>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:nomination_id>/files/", views.nomination_attach, name="nomination_attach"),
    path("nominations/<int:nomination_id>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:nomination_id>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("benefits/", views.benefit_list, name="benefit_list"),
    path("benefits/plan/", views.benefit_plan, name="benefit_plan"),
    path("benefits/allowance/new/", views.benefit_allowance_new, name="benefit_allowance_new"),
    path("benefits/<int:benefit_id>/done/", views.benefit_done, name="benefit_done"),
    path("benefits/<int:benefit_id>/cancel/", views.benefit_cancel, name="benefit_cancel"),
    path("benefits/<int:benefit_id>/pay/", views.benefit_pay, name="benefit_pay"),
]
