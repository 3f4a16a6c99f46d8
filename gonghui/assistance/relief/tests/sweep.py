"""URL sweep resolvers of critical-illness relief: a CANARY member of ``world.child`` with a submitted claim; the
portal pages are a signed-in worker's (their own claims; another's claim answers 404)."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.authz.testing import World


def _claim(world: World) -> int:
    found = ReliefClaim.objects.filter(unit=world.child).exclude(status=ReliefStatus.DRAFT).first()
    if found is not None:
        return found.pk
    from gonghui.assistance.relief.services import relief_claim_submit
    from gonghui.assistance.relief.tests import kit

    kit.reviewers(world)
    who = kit.member(world)
    return relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "20000")).pk


RESOLVERS: dict[str, Any] = {"relief_claim_id": _claim, "v1:assistance-relief-claims-detail:pk": _claim}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {
    "assistance_portal:relief_mine",
    "assistance_portal:relief_new",
}
LOCAL_ONLY: set[str] = set()
