"""Member portal pages of hardship assistance (``assistance_portal:`` namespace)."""

from __future__ import annotations

from django.urls import path

from gonghui.assistance.applications import portal_views

urlpatterns = [
    path("hardship/apply/", portal_views.hardship_apply, name="hardship_apply"),
    path("hardship/mine/", portal_views.hardship_mine, name="hardship_mine"),
    path("hardship/mine/<int:hardship_id>/", portal_views.hardship_mine_detail, name="hardship_mine_detail"),
    path("hardship/mine/<int:hardship_id>/act/", portal_views.hardship_mine_act, name="hardship_mine_act"),
    path(
        "hardship/mine/<int:hardship_id>/documents/",
        portal_views.hardship_mine_documents,
        name="hardship_mine_documents",
    ),
    path("hardship/publicity/", portal_views.hardship_publicity, name="hardship_publicity"),
]
