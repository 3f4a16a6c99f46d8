"""Member portal page "我的会费" (namespace ``finance_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance.dues import portal_views

urlpatterns: list[URLPattern] = [path("finance/dues/", portal_views.my_dues, name="my_dues")]
