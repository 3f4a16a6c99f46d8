"""Member portal URLs of nominations and honours (namespace ``honors_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.campaigns import portal_views

urlpatterns: list[URLPattern] = [
    path("honors/mine/", portal_views.mine, name="honors_mine"),
    path("honors/mine/nominations/<int:nomination_id>/", portal_views.my_nomination, name="nomination_mine_detail"),
    path("honors/publicity/", portal_views.publicity, name="publicity_list"),
    path("honors/publicity/<int:nomination_id>/objection/", portal_views.objection_new, name="publicity_objection"),
]
