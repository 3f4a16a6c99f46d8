"""Member portal URLs of whole-unit enrolment (namespace ``mutual_aid_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.mutual_aid.enrolment import portal_views

urlpatterns: list[URLPattern] = [path("mutual-aid/", portal_views.my_cover, name="my_cover")]
