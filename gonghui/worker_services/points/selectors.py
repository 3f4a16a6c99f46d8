"""Reads of service points: the staff register scoped by ``worker_services.view_points``, the public points (published
and active or suspended: anyone, signed in or not, and the public API), the nearest public points to a position
(a bounding box on the location index, then the exact haversine sort), problem reports (staff: scoped by the
point's union; workers: their own), and the points waiting for verification."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.overview.waits import Queue, queue_of
from gonghui.worker_services.models import (
    PointEvent,
    PointKind,
    PointReport,
    PointStatus,
    ReportStatus,
    ServicePoint,
)
from gonghui.worker_services.permissions import VIEW_POINTS
from gonghui.worker_services.points import geo, hours
from gonghui.worker_services.points.services import PUBLIC_STATUSES

SORTS = {
    "name": "name",
    "-name": "-name",
    "verified": "verified_on",
    "-verified": "-verified_on",
    "district": "district",
    "-district": "-district",
}
REPORT_SORTS = {"-created": "-created_at", "created": "created_at"}
# The nearest search widens its box until it holds enough points: 3 km, 10 km, 30 km, 100 km, 300 km.
RADII_M = (3_000, 10_000, 30_000, 100_000, 300_000)
NEAREST_LIMIT = 20


def _pk(value: object) -> int:
    pk = int_param(value, min_value=1)
    if pk is None:
        raise access.NotVisible
    return pk


# --- staff --------------------------------------------------------------------------------------------------------


def point_scope(actor: Actor) -> QuerySet[ServicePoint]:
    return access.scope(ServicePoint.objects.all(), actor, VIEW_POINTS)


def point_list(
    *,
    actor: Actor,
    kind: str = "",
    status: str = "",
    district: str = "",
    unit: OrgUnit | None = None,
    q: str = "",
    stale: bool = False,
) -> QuerySet[ServicePoint]:
    qs = point_scope(actor)
    if kind in PointKind.values:
        qs = qs.filter(kind=kind)
    if status in PointStatus.values:
        qs = qs.filter(status=status)
    if district:
        qs = qs.filter(district=district)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(address__contains=q))
    if stale:
        qs = qs.filter(stale_since__isnull=False, status__in=PUBLIC_STATUSES)
    return qs.select_related("unit").order_by("name", "pk")


def point_districts(*, actor: Actor) -> list[str]:
    return sorted(set(point_scope(actor).exclude(district="").values_list("district", flat=True).distinct()))


def point_get(*, actor: Actor, point_id: object) -> ServicePoint:
    point = ServicePoint.objects.select_related("unit").filter(pk=_pk(point_id)).first()
    if point is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_POINTS, point.unit)
    return point


def point_events(point: ServicePoint) -> list[PointEvent]:
    return list(PointEvent.objects.filter(point=point).select_related("actor").order_by("at", "pk"))


def stale_scope(actor: Actor) -> QuerySet[ServicePoint]:
    return point_scope(actor).filter(stale_since__isnull=False, status__in=PUBLIC_STATUSES)


def report_scope(actor: Actor) -> QuerySet[PointReport]:
    return access.scope(PointReport.objects.all(), actor, VIEW_POINTS, unit_field="point__unit")


def report_list(
    *, actor: Actor, status: str = "", unit: OrgUnit | None = None, point: ServicePoint | None = None
) -> QuerySet[PointReport]:
    qs = report_scope(actor)
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(point__unit__path__startswith=unit.path)
    if point is not None:
        qs = qs.filter(point=point)
    return qs.select_related("point", "point__unit", "reporter").order_by("-created_at", "-pk")


def report_get(*, actor: Actor, report_id: object) -> PointReport:
    report = PointReport.objects.select_related("point", "point__unit", "reporter").filter(pk=_pk(report_id)).first()
    if report is None:
        raise access.NotVisible
    access.require_visible(actor, VIEW_POINTS, report.point.unit)
    return report


def report_events(report: PointReport) -> list[PointEvent]:
    return list(PointEvent.objects.filter(report=report).select_related("actor").order_by("at", "pk"))


# --- the worker's own reports ---------------------------------------------------------------------------------


def my_reports(*, actor: Actor) -> QuerySet[PointReport]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return PointReport.objects.none()
    return PointReport.objects.filter(reporter_id=actor.pk).select_related("point").order_by("-created_at", "-pk")


def my_report(*, actor: Actor, report_id: object) -> PointReport | None:
    pk = int_param(report_id, min_value=1)
    if pk is None or actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return PointReport.objects.select_related("point").filter(pk=pk, reporter_id=actor.pk).first()


# --- public -------------------------------------------------------------------------------------------------------


def public_points(*, kind: str = "", city: str = "", district: str = "", q: str = "") -> QuerySet[ServicePoint]:
    """Points anyone may see: published, active or suspended. No private data leaves through these rows' users:
    the public pages and the API show only the point's own fields and its union's name."""
    qs = ServicePoint.objects.filter(published=True, status__in=PUBLIC_STATUSES)
    if kind in PointKind.values:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city=city)
    if district:
        qs = qs.filter(district=district)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(address__contains=q))
    return qs.select_related("unit").order_by("city", "district", "name", "pk")


def public_point_get(*, point_id: object) -> ServicePoint:
    point = public_points().filter(pk=_pk(point_id)).first()
    if point is None:
        raise access.NotVisible
    return point


def public_places() -> list[tuple[str, list[str]]]:
    """``(city, [districts])`` of the public points, for the list fallback's choices."""
    places: dict[str, set[str]] = {}
    for city, district in public_points().order_by().values_list("city", "district").distinct():
        places.setdefault(city or "", set()).add(district or "")
    return [(city, sorted(d for d in districts if d)) for city, districts in sorted(places.items())]


@dataclass(frozen=True)
class Near:
    point: ServicePoint
    distance_m: float

    @property
    def distance_label(self) -> str:
        return distance_label(self.distance_m)


def distance_label(metres: float) -> str:
    if metres < 1000:
        return _("%s 米") % f"{round(metres / 10) * 10:.0f}"
    return _("%s 公里") % f"{metres / 1000:.1f}"


def nearest_points(
    *, lat: float, lon: float, kind: str = "", limit: int = NEAREST_LIMIT, radii: Sequence[float] = RADII_M
) -> list[Near]:
    """The public points nearest ``(lat, lon)``, nearest first, at most ``limit``: a bounding box prefilter on the
    location index (widened until it holds ``limit`` points or reaches the largest radius), then the exact
    haversine distance sorted in Python; points beyond the radius searched are left out."""
    base = public_points(kind=kind)
    found: list[Near] = []
    for radius in radii:
        box = geo.bounding_box(lat, lon, radius)
        rows = base.filter(
            latitude__gte=geo.degrees(box.min_lat),
            latitude__lte=geo.degrees(box.max_lat),
            longitude__gte=geo.degrees(box.min_lon),
            longitude__lte=geo.degrees(box.max_lon),
        )
        found = [Near(p, d) for p, d in geo.nearest(rows, lat, lon) if d <= radius]
        if len(found) >= limit:
            break
    return found[:limit]


def open_now(point: ServicePoint, at: datetime | None = None) -> bool:
    """Open at this moment (local time): active and within today's hours."""
    if point.status != PointStatus.ACTIVE:
        return False
    return hours.is_open(point.hours or {}, timezone.localtime(at))


def public_data(point: ServicePoint) -> dict[str, object]:
    """The public fields of a point (the offline data, the portal's map and the public API alike)."""
    return {
        "id": point.pk,
        "kind": point.kind,
        "kind_label": str(point.get_kind_display()),
        "name": point.name,
        "address": point.address,
        "city": point.city,
        "district": point.district,
        "lat": float(point.latitude),
        "lon": float(point.longitude),
        "hours": point.hours or {},
        "hours_text": hours.describe(point.hours or {}),
        "hours_note": point.hours_note,
        "facilities": list(point.facilities or []),
        "phone": point.phone,
        "status": point.status,
        "unit_name": point.unit.name,
    }


def reports_waiting_overview(*, unit: OrgUnit) -> Queue:
    """Open problem reports on the points of ``unit``'s subtree (the oldest by filing time) and, as its overdue
    count, the subtree's public points not verified within the policy's days: one aggregate each, for the one-screen
    overview (which checks that the reader may see ``unit`` first)."""
    queue = queue_of(
        PointReport.objects.filter(point__unit__path__startswith=unit.path, status=ReportStatus.OPEN),
        since="created_at",
    )
    stale = ServicePoint.objects.filter(
        unit__path__startswith=unit.path, stale_since__isnull=False, status__in=PUBLIC_STATUSES
    ).count()
    return Queue(count=queue.count, oldest=queue.oldest, overdue=stale)
