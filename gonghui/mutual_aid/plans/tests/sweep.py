"""URL sweep resolvers of mutual-aid plans: a published plan of the CANARY district federation ``world.target``
(the sibling's staff do not see it: it is not issued above them)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.mutual_aid.models import Plan, PlanTier


def plan(world: World) -> Plan:
    found = Plan.objects.filter(unit=world.target).order_by("pk").first()
    if found is not None:
        return found
    from gonghui.mutual_aid.tests import factories

    return factories.plan(world.target)


def _plan_id(world: World) -> int:
    return plan(world).pk


def _tier_id(world: World) -> int:
    return PlanTier.objects.filter(plan=plan(world)).order_by("order").values_list("pk", flat=True)[0]


RESOLVERS: dict[str, Any] = {
    "plan_id": _plan_id,
    "number": lambda w: 1,
    "tier_id": _tier_id,
    "kind": lambda w: "hospital",
    "v1:mutual-aid-plans-detail:pk": _plan_id,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
