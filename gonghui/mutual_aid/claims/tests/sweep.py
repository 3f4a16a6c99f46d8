"""URL sweep resolvers of mutual-aid claims: a CANARY member of ``world.child`` with a submitted claim; the portal
pages are a signed-in worker's (their own claims; another's claim answers 404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.mutual_aid.models import Claim, ClaimStatus


def _claim(world: World) -> int:
    found = Claim.objects.filter(unit=world.child).exclude(status=ClaimStatus.DRAFT).first()
    if found is not None:
        return found.pk
    from gonghui.mutual_aid.claims.tests import kit

    kit.reviewers(world)
    return kit.submitted(world, kit.member(world), "10000").pk


RESOLVERS: dict[str, Any] = {"claim_id": _claim, "v1:mutual-aid-claims-detail:claim_id": _claim}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"mutual_aid_portal:claim_list", "mutual_aid_portal:claim_new"}
LOCAL_ONLY: set[str] = set()
