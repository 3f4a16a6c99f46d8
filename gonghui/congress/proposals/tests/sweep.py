"""URL sweep resolvers of proposals: a submitted proposal of the sweep's congress."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _proposal(world: World) -> int:
    from gonghui.congress.congresses.tests.sweep import kit
    from gonghui.congress.models import Proposal, ProposalStatus
    from gonghui.congress.tests import factories as f

    k = kit(world)
    found = Proposal.objects.filter(term=k.term).first()
    if found is not None:
        return found.pk
    return f.proposal(k, status=ProposalStatus.SUBMITTED).pk


RESOLVERS: dict[str, Any] = {"proposal_id": _proposal, "v1:congress-proposals-detail:pk": _proposal}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"congress_portal:proposal_mine", "congress_portal:proposal_new"}
LOCAL_ONLY: set[str] = set()
