from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from gonghui.retirees.clubs import portal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("retirees/clubs/", portal_views.my_clubs, name="my_clubs"),
    path("retirees/clubs/<int:retiree_club_id>/join/", portal_views.club_join, name="club_join"),
    path("retirees/activities/<int:club_activity_id>/signup/", portal_views.activity_signup, name="activity_signup"),
]
