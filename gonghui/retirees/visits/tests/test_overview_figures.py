"""Retirees' visits on the one-screen overview equal the visit list of the same subtree: planned visits (the
oldest planned day) and those past their day (the list's ``overdue=1``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.retirees import overview
from gonghui.retirees.models import Visit, VisitStatus
from gonghui.retirees.permissions import VIEW_RETIREES
from gonghui.retirees.tests import factories
from gonghui.retirees.visits.selectors import visit_list

pytestmark = pytest.mark.django_db


def test_visit_figures_equal_the_visit_list(world: World) -> None:
    today = timezone.localdate()
    factories.visit(factories.retiree(world), planned_on=today - timedelta(days=5))  # past its day
    factories.visit(factories.retiree(world), planned_on=today + timedelta(days=3))
    done = factories.visit(factories.retiree(world), planned_on=today - timedelta(days=9))
    Visit.objects.filter(pk=done.pk).update(status=VisitStatus.DONE)
    factories.visit(factories.retiree(world, unit=world.sibling), planned_on=today - timedelta(days=30))
    actor = world.actor("ancestor", VIEW_RETIREES)
    figs = {f.code: f for f in overview.visit_figures(world.target)}
    planned = visit_list(actor=actor, unit=world.target, status=VisitStatus.PLANNED)
    assert figs["waiting"].value == planned.count() == 2
    assert figs["oldest"].value == max((today - v.planned_on).days for v in planned) == 5
    assert figs["overdue"].value == visit_list(actor=actor, unit=world.target, overdue=True).count() == 1
    assert figs["overdue"].url.endswith(f"overdue=1&unit={world.target.pk}")
