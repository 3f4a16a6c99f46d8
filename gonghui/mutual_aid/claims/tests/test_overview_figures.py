"""Mutual-aid claims on the one-screen overview equal the claim list of the same subtree: claims in review and the
oldest wait (claims have no decision deadline: no overdue figure)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.mutual_aid import overview
from gonghui.mutual_aid.claims import selectors
from gonghui.mutual_aid.claims.tests import kit
from gonghui.mutual_aid.models import Claim, ClaimStatus
from gonghui.mutual_aid.permissions import VIEW_MUTUAL_AID

pytestmark = pytest.mark.django_db


def test_claim_figures_equal_the_claim_list(world: World) -> None:
    who = kit.member(world)
    claim = kit.submitted(world, who, "30000")
    Claim.objects.filter(pk=claim.pk).update(submitted_on=timezone.localdate() - timedelta(days=6))
    actor = world.actor("ancestor", VIEW_MUTUAL_AID)
    listed = selectors.claim_list(actor=actor, status=ClaimStatus.IN_REVIEW, unit=world.target)
    figs = {f.code: f for f in overview.figures(world.target)}
    assert figs["waiting"].value == listed.count() == 1
    assert figs["oldest"].value == 6
    assert "overdue" not in figs
    assert figs["waiting"].url.endswith(f"status=in_review&unit={world.target.pk}")
    assert {f.code: f.value for f in overview.figures(world.sibling)}["waiting"] == 0
