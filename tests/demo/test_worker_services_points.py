"""The demo's service points: twenty public points around 杭州 and 宁波 belonging to their districts' federations, one
suspended, one flagged for verification on the console home, the demo worker's two reports (one resolved); the
nearest to 西湖区's office is in 西湖区; a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.accounts.models import User
from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.worker_services.models import PointReport, PointStatus, ServicePoint
from gonghui.worker_services.points import demo, selectors
from gonghui.worker_services.points.panels import waiting

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_points_reports_and_panel():
    names = [row[3] for row in demo.POINTS]
    points = {p.name: p for p in ServicePoint.objects.filter(name__in=names).select_related("unit")}
    assert len(points) == 20
    assert all(p.unit.name == f"{p.district}总工会" for p in points.values())
    assert points[demo.SUSPENDED].status == PointStatus.SUSPENDED
    assert points[demo.STALE].stale_since is not None
    assert selectors.public_points().filter(name__in=names).count() == 20
    near = selectors.nearest_points(lat=30.2599, lon=120.1298, limit=3)
    assert near[0].point.district == "西湖区"
    reports = PointReport.objects.filter(reporter__phone=data.DEMO_WORKER_PHONE).order_by("pk")
    assert [r.status for r in reports] == ["resolved", "open"]
    hz = User.objects.get(username="hz_staff")
    labels = {str(w.label): w.count for w in waiting(hz)}
    assert labels["服务阵地超期未核实"] == 1
    assert labels["服务阵地问题反映待处理"] == 1
    count = ServicePoint.objects.count()
    demo.seed(world())
    assert ServicePoint.objects.count() == count
