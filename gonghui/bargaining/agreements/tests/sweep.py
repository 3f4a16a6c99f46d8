"""URL sweep resolvers of agreements: the sweep's published case of ``world.child``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.bargaining.negotiations.tests.sweep import sweep_case


def _case(world: World) -> int:
    return int(sweep_case(world).pk)


def _covered(world: World) -> int:
    return int(sweep_case(world).covered.order_by("pk").first().pk)


RESOLVERS: dict[str, Any] = {
    "bargaining:agreement_action:case_id": _case,
    "bargaining:coverage_remove:covered_id": _covered,
    "bargaining_portal:agreement_detail:agreement_id": _case,
    "v1:bargaining-agreements-detail:pk": _case,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"bargaining_portal:agreement_mine"}
LOCAL_ONLY: set[str] = set()
