"""Console pages of online joining and gig-worker routes (``members:`` namespace, under ``/console/members/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.members.joining import views
from gonghui.members.joining.forms import ASSIGN_UNIT_KINDS, ROUTE_UNIT_KINDS
from gonghui.members.permissions import APPROVE_JOIN
from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view

urlpatterns: list[URLPattern] = [
    path("join/", views.join_list, name="join_list"),
    path("join/<int:application_id>/", views.join_detail, name="join_detail"),
    path("join/gig-routes/", views.gig_routes, name="gig_routes"),
    path(
        "join/units/routes/",
        unit_search_view(APPROVE_JOIN, status=UnitStatus.ACTIVE, kinds=ROUTE_UNIT_KINDS),
        name="route_unit_search",
    ),
    path(
        "join/units/assign/",
        unit_search_view(APPROVE_JOIN, status=UnitStatus.ACTIVE, kinds=ASSIGN_UNIT_KINDS),
        name="join_unit_search",
    ),
]
