"""URL sweep resolvers of innovation studios: a named studio of ``world.child`` (named by ``world.target``) with a
mentor-apprentice pair."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _studio(world: World) -> int:
    from gonghui.honors.models import Studio
    from gonghui.honors.studios.tests import kit

    found = Studio.objects.filter(unit=world.child).first()
    return found.pk if found is not None else kit.studio(world).pk


def _pair(world: World) -> int:
    from gonghui.honors.models import Apprenticeship, Studio
    from gonghui.honors.tests import factories

    found = Apprenticeship.objects.filter(studio__unit=world.child).first()
    if found is not None:
        return found.pk
    studio = Studio.objects.get(pk=_studio(world))
    return Apprenticeship.objects.create(
        studio=studio,
        mentor=studio.leader.member,
        apprentice=factories.member(world.child),
        goal="掌握五轴加工",
        started_on=studio.named_on or studio.created_at.date(),
        created_by=factories.recorder(),
    ).pk


RESOLVERS: dict[str, Any] = {
    "studio_id": _studio,
    "pair_id": _pair,
    "v1:honors-studios-detail:studio_id": _studio,
    "v1:honors-studios-evaluate:studio_id": _studio,
    "v1:honors-studios-grant:studio_id": _studio,
    "v1:honors-studios-results:studio_id": _studio,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"honors_portal:studio_list"}
LOCAL_ONLY: set[str] = set()
