"""Member portal URLs of skill and teaching contests (namespace ``contests_portal``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from gonghui.contests.competitions import portal_views

urlpatterns: list[URLPattern] = [
    path("contests/competitions/", portal_views.my_contests, name="competition_mine"),
    path("contests/competitions/entries/<int:entry_id>/", portal_views.my_entry, name="competition_entry"),
    path("contests/competitions/<int:contest_id>/results/", portal_views.results, name="competition_results"),
    path("contests/judging/stages/<int:stage_id>/", portal_views.judge_stage, name="judge_stage"),
    path(
        "contests/judging/stages/<int:stage_id>/entrants/<int:number>/",
        portal_views.judge_entrant,
        name="judge_entrant",
    ),
]
