"""Member portal URLs of the praise wall (namespace ``honors_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.praise import portal_views

urlpatterns: list[URLPattern] = [
    path("honors/praise/", portal_views.praise_wall, name="praise_wall"),
    path("honors/praise/new/", portal_views.praise_new, name="praise_new"),
    path("honors/praise/<int:post_id>/like/", portal_views.praise_like, name="praise_like"),
    path("honors/praise/<int:post_id>/report/", portal_views.praise_report, name="praise_report"),
]
