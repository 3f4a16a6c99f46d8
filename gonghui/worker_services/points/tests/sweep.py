"""URL sweep resolvers of service points. Points are public: the swept point belongs to ``world.city`` (no CANARY
in its union's name) and carries none in its own fields, so its public pages may answer anyone while its console
pages stay closed to the sibling union's staff; a report on it carries the CANARY in its text (a stranger's
report: other workers get 404)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World


def _point(world: World) -> int:
    from gonghui.worker_services.models import ServicePoint
    from gonghui.worker_services.points.tests import factories

    found = ServicePoint.objects.filter(unit=world.city, name="扫描驿站").first()
    if found is not None:
        return found.pk
    return factories.point(world, unit=world.city, name="扫描驿站").pk


def _report(world: World) -> int:
    from gonghui.authz.testing import CANARY
    from gonghui.worker_services.models import PointReport, ServicePoint
    from gonghui.worker_services.points.tests import factories

    point = ServicePoint.objects.get(pk=_point(world))
    found = PointReport.objects.filter(point=point).first()
    if found is not None:
        return found.pk
    return factories.report(world, point, text=f"问题{CANARY}").pk


RESOLVERS: dict[str, Any] = {"service_point_id": _point, "point_report_id": _report}
PUBLIC: set[str] = {
    "worker_services_portal:point_map",
    "worker_services_portal:point_data",
    "worker_services_portal:point_service_worker",
    "worker_services_portal:point_detail",
    "v1:service-points-list",
    "v1:service-points-detail",
}
SIGNED_IN: set[str] = {
    "worker_services_portal:point_reports",
    "v1:service-point-reports-list",
}
LOCAL_ONLY: set[str] = set()
