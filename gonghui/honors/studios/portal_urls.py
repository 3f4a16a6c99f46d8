"""Member portal URLs of innovation studios (namespace ``honors_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.honors.studios import portal_views

urlpatterns: list[URLPattern] = [path("honors/studios/", portal_views.studio_list, name="studio_list")]
