"""URL sweep resolvers of board seats: a director of the congress of ``world.child`` (a CANARY member)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _seat(world: World) -> int:
    from gonghui.congress.directors.tests.kit import seat

    return seat(world).pk


RESOLVERS: dict[str, Any] = {"seat_id": _seat}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
