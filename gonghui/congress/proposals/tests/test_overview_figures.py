"""Proposals on the one-screen overview equal the proposal list of the same subtree: waiting for review (the
oldest wait) and accepted ones whose answer is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.congress import overview
from gonghui.congress.models import ProposalStatus
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.proposals.selectors import proposal_list
from gonghui.congress.tests.factories import congress_kit, proposal

pytestmark = pytest.mark.django_db


def test_proposal_figures_equal_the_proposal_list(world: World) -> None:
    now = timezone.now()
    kit = congress_kit(world.child, reps=2)
    proposal(kit, status=ProposalStatus.SUBMITTED, submitted_at=now - timedelta(days=4))
    proposal(kit, status=ProposalStatus.SUBMITTED, submitted_at=now)
    proposal(kit, status=ProposalStatus.ACCEPTED, submitted_at=now, escalated_at=now)
    proposal(kit, status=ProposalStatus.ACCEPTED, submitted_at=now)
    other = congress_kit(world.sibling, reps=2)
    proposal(other, status=ProposalStatus.SUBMITTED, submitted_at=now - timedelta(days=30))
    actor = world.actor("ancestor", VIEW_CONGRESS)
    figs = {f.code: f for f in overview.figures(world.target)}
    waiting = proposal_list(actor=actor, status=ProposalStatus.SUBMITTED, unit=world.target)
    assert figs["waiting"].value == waiting.count() == 2
    assert figs["oldest"].value == 4
    assert figs["overdue"].value == proposal_list(actor=actor, escalated=True, unit=world.target).count() == 1
    assert figs["overdue"].overdue
    assert figs["waiting"].url.endswith(f"status=submitted&unit={world.target.pk}")
