"""Console URLs of the openness of affairs (under the ``congress:`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.congress.openness import views
from gonghui.congress.permissions import MANAGE_OPENNESS, VIEW_CONGRESS
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("openness/", views.item_list, name="disclosure_list"),
    path("openness/new/", views.item_new, name="disclosure_new"),
    path("openness/questions/", views.question_list, name="disclosure_questions"),
    path("openness/units/", unit_search_view(VIEW_CONGRESS), name="disclosure_unit_search"),
    path("openness/units/manage/", unit_search_view(MANAGE_OPENNESS), name="disclosure_manage_unit_search"),
    path("openness/<int:item_id>/", views.item_detail, name="disclosure_detail"),
]
