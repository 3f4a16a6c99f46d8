"""Member portal page "我的会费" (namespace ``finance_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.finance import views_dues as views

urlpatterns: list[URLPattern] = [path("finance/dues/", views.my_dues, name="my_dues")]
