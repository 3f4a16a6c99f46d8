"""URL sweep resolvers of the register: a CANARY member of ``world.child`` holding a title."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.honors.models import Honoree


def _honoree(world: World) -> int:
    found = Honoree.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    from gonghui.honors.register.tests import kit

    return kit.title(world).pk


RESOLVERS: dict[str, Any] = {"honoree_id": _honoree, "v1:honors-honorees-detail:pk": _honoree}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
