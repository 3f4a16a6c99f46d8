"""Hardship assistance on the one-screen overview equals the home-visit queue of the same subtree: applications
waiting for their visit, the oldest wait, those waiting longer than ``VISIT_OVERDUE_DAYS``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.assistance import overview
from gonghui.assistance.applications.selectors import VISIT_OVERDUE_DAYS, visit_queue
from gonghui.assistance.applications.tests.factories import journey
from gonghui.assistance.models import HardshipApplication
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.authz.testing import World

pytestmark = pytest.mark.django_db


def test_hardship_figures_equal_the_visit_queue(world: World, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    late = journey(world, phone="13800000061").submitted()
    journey(world, phone="13800000062").submitted()
    journey(world, phone="13800000063").draft()  # not submitted: not waiting
    HardshipApplication.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - timedelta(days=VISIT_OVERDUE_DAYS + 2)
    )
    actor = world.actor("ancestor", VIEW_HARDSHIP)
    queue = list(visit_queue(actor=actor, unit=world.target))
    figs = {f.code: f for f in overview.figures(world.target)}
    assert figs["waiting"].value == len(queue) == 2
    assert figs["oldest"].value == VISIT_OVERDUE_DAYS + 2
    assert figs["overdue"].value == 1
    assert figs["waiting"].url.endswith(f"?unit={world.target.pk}")
    assert {f.code: f.value for f in overview.figures(world.sibling)}["waiting"] == 0
