"""Console pages of the member roster (``/console/members/``, URL names in the ``members:`` namespace)."""

from __future__ import annotations

from django.urls import path

from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster import views
from gonghui.members.roster.forms import MEMBER_UNIT_KINDS
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("flags/", views.member_flags, name="flags"),
    path("units/search/", unit_search_view(VIEW_MEMBER), name="unit_search"),
    path(
        "units/search/enrol/",
        unit_search_view(MANAGE_MEMBER, status=UnitStatus.ACTIVE, kinds=MEMBER_UNIT_KINDS),
        name="member_unit_search",
    ),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/reveal-id/", views.member_reveal_id, name="reveal_id"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/status/", views.member_status, name="status"),
    path("<int:member_id>/unflag/", views.member_unflag, name="unflag"),
]
