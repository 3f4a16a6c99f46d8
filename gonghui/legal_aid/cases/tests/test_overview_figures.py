"""Legal aid cases on the one-screen overview equal the case list of the same subtree: waiting for a decision or a
lawyer (the oldest wait) and every missed deadline (the list's ``overdue=any``)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.legal_aid import overview
from gonghui.legal_aid.cases.selectors import case_list
from gonghui.legal_aid.cases.tests.kit import case_at
from gonghui.legal_aid.models import CaseStatus, LegalAidCase
from gonghui.legal_aid.permissions import VIEW_CASES

pytestmark = pytest.mark.django_db


def test_case_figures_equal_the_case_list(world: World) -> None:
    applied = case_at(world, "applied")
    case_at(world, "accepted")
    case_at(world, "assigned")
    case_at(world, "applied", unit=world.sibling)  # another subtree
    LegalAidCase.objects.filter(pk=applied.pk).update(decision_escalated_at=timezone.now())
    actor = world.actor("ancestor", VIEW_CASES)
    figs = {f.code: f for f in overview.case_figures(world.target)}
    waiting = [
        c for c in case_list(actor=actor, unit=world.target) if c.status in (CaseStatus.APPLIED, CaseStatus.ACCEPTED)
    ]
    assert figs["waiting"].value == len(waiting) == 2
    assert figs["oldest"].value == min((timezone.localdate() - c.applied_on).days for c in waiting)
    assert figs["overdue"].value == case_list(actor=actor, unit=world.target, overdue="any").count() == 1
    assert figs["overdue"].url.endswith(f"overdue=any&unit={world.target.pk}")
