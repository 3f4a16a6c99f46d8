"""URL sweep resolvers of bargaining cases: a case of ``world.child`` (CANARY in its title) with negotiators, a
session and the wage subject. Keys name the URL, so that another app's ``case_id`` cannot clash."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def sweep_case(world: World) -> Any:
    from gonghui.bargaining.models import BargainingCase, CaseStatus
    from gonghui.bargaining.tests import factories as f

    found = BargainingCase.objects.filter(unit=world.child).order_by("pk").first()
    if found is not None:
        return found
    return f.case_at(world.child, CaseStatus.PUBLISHED)


def _case(world: World) -> int:
    return int(sweep_case(world).pk)


def _negotiator(world: World) -> int:
    return int(sweep_case(world).negotiators.order_by("pk").first().pk)


RESOLVERS: dict[str, Any] = {
    "bargaining:case_detail:case_id": _case,
    "bargaining:negotiator_remove:negotiator_id": _negotiator,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
