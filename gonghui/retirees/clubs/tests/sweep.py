"""URL sweep resolvers of retirees' clubs: a CANARY club of ``world.target`` with an activity; the portal page is
any signed-in worker's (a worker who is not retired gets 404 on the club pages, which is their own answer)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _club(world: World) -> int:
    from gonghui.retirees.models import Club
    from gonghui.retirees.tests import factories

    found = Club.objects.filter(unit=world.target, name__contains=CANARY).first()
    return (found or factories.club(world, name=f"书画社{CANARY}")).pk


def _activity(world: World) -> int:
    from gonghui.retirees.models import Club, ClubActivity
    from gonghui.retirees.tests import factories

    club = Club.objects.get(pk=_club(world))
    found = ClubActivity.objects.filter(club=club).first()
    return (found or factories.activity(club, title=f"笔会{CANARY}")).pk


RESOLVERS: dict[str, Any] = {"retiree_club_id": _club, "club_activity_id": _activity}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "retirees_portal:my_clubs",
    "v1:retirees-my-clubs-list",
    "v1:retirees-activities-list",
}
LOCAL_ONLY: set[str] = set()
