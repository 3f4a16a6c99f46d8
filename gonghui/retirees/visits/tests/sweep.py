"""URL sweep resolvers of visits: a planned visit to a CANARY retiree of ``world.child``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World


def _visit(world: World) -> int:
    from gonghui.retirees.models import Visit
    from gonghui.retirees.tests import factories

    found = Visit.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    return factories.visit(factories.retiree(world, name=f"走访{CANARY}", account=False)).pk


RESOLVERS: dict[str, Any] = {"retiree_visit_id": _visit}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
