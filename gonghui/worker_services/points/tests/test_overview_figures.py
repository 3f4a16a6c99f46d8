"""Service points on the one-screen overview equal the console's lists of the same subtree: open problem reports
(the report list with ``status=open``) and the points overdue for verification (the register with ``stale=1``)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.worker_services import overview
from gonghui.worker_services.models import PointReport, ReportStatus, ServicePoint
from gonghui.worker_services.permissions import VIEW_POINTS
from gonghui.worker_services.points.selectors import point_list, report_list
from gonghui.worker_services.points.tests import factories

pytestmark = pytest.mark.django_db


def test_point_figures_equal_the_report_list_and_the_register(world: World) -> None:
    ours, other = factories.point(world), factories.point(world, unit=world.sibling)
    factories.report(world, ours)
    resolved = factories.report(world, ours, text="灯不亮")
    PointReport.objects.filter(pk=resolved.pk).update(status=ReportStatus.RESOLVED)
    factories.report(world, other)
    ServicePoint.objects.filter(pk__in=[ours.pk, other.pk]).update(stale_since=timezone.localdate())
    actor = world.actor("ancestor", VIEW_POINTS)
    figs = {f.code: f for f in overview.point_figures(world.target)}
    assert figs["waiting"].value == report_list(actor=actor, unit=world.target, status=ReportStatus.OPEN).count() == 1
    assert figs["oldest"].value == 0
    assert figs["overdue"].value == point_list(actor=actor, unit=world.target, stale=True).count() == 1
    assert figs["overdue"].url.endswith(f"stale=1&unit={world.target.pk}")
