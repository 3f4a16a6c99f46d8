"""URL-sweep resolvers of ratings: a CANARY rating at ``world.child`` (a kind no module registers: the page shows
its code). The portal pages and the worker's API list are any signed-in worker's own."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _rating(world: World) -> int:
    from gonghui.accounts.models import User
    from gonghui.ratings.models import Rating

    found = Rating.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    rater = User.objects.create_user(username="13700001111", name=f"评价人{CANARY}")
    return Rating.objects.create(
        kind="sweep.service",
        object_id=1,
        unit=world.child,
        rater=rater,
        score=1,
        title=f"巡检{CANARY}",
        follow_up="waiting",
    ).pk


RESOLVERS: dict[str, Any] = {
    "rating_id": _rating,
    "ratings_portal:rate:kind": lambda w: "sweep.service",
    "ratings_portal:rate:object_id": lambda w: 1,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "ratings_portal:pending",
    "ratings_portal:mine",
    "v1:ratings-list",
    "v1:ratings-pending",
}
LOCAL_ONLY: set[str] = set()
