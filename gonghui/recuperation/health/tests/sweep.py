"""URL sweep resolvers of the check-ups: a CANARY honoree of ``world.child`` with a check-up at a hospital of
``world.city``; the worker's own pages are signed-in pages (another's check-up answers 404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.recuperation.models import Checkup


def _checkup(world: World) -> Checkup:
    found = Checkup.objects.filter(unit=world.child).first()
    if found is not None:
        return found
    from gonghui.recuperation.health.tests import kit

    return kit.checkup(kit.model_worker(world), kit.hospital(world))


def _checkup_id(world: World) -> int:
    return _checkup(world).pk


RESOLVERS: dict[str, Any] = {
    "recuperation:checkup_detail:checkup_id": _checkup_id,
    "recuperation:checkup_reveal:checkup_id": _checkup_id,
    "recuperation_portal:my_checkup:checkup_id": _checkup_id,
    "recuperation:health_profile:member_id": lambda world: _checkup(world).member_id,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"recuperation_portal:my_checkups"}
LOCAL_ONLY: set[str] = set()
