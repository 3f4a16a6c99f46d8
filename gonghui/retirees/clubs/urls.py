from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.orgs.models import UnitStatus
from gonghui.orgs.picker import unit_search_view
from gonghui.retirees.clubs import views
from gonghui.retirees.permissions import MANAGE_CLUBS

urlpatterns: list[URLPattern | URLResolver] = [
    path("clubs/", views.club_list, name="club_list"),
    path("clubs/units/search/", unit_search_view(MANAGE_CLUBS, status=UnitStatus.ACTIVE), name="club_unit_search"),
    path("clubs/<int:retiree_club_id>/", views.club_detail, name="club_detail"),
    path("activities/<int:club_activity_id>/", views.activity_detail, name="activity_detail"),
]
