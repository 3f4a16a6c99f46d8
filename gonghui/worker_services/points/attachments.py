"""Photos through the kernel's attachments.

- A point's photos: added and removed by the staff who manage the point; seen by those staff and, once the point
  is public (published, active or suspended), by every signed-in worker (the kernel's file view asks for a
  sign-in and never lets a file be cached: photos are not part of the offline data). Not sensitive.
- A report's photos: the reporter adds them while the report is open; the reporter and the point's staff see them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.attachments.registry import Kind, Owner
from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.worker_services.models import PointReport, PointStatus, ReportStatus, ServicePoint
from gonghui.worker_services.permissions import MANAGE_POINTS, VIEW_POINTS
from gonghui.worker_services.points.services import can_manage, is_public, is_reporter

PHOTO = "photo"


def _point_view(actor: Actor, point: ServicePoint) -> bool:
    if is_public(point) and getattr(actor, "is_authenticated", False):
        return True
    return access.check(actor, VIEW_POINTS, point.unit)


def _point_open(point: ServicePoint) -> None:
    if point.status == PointStatus.CLOSED:
        raise ValidationError(_("服务阵地已撤销，不能再增减照片。"), code="stale")


POINT_OWNER = Owner(
    model="worker_services.ServicePoint",
    unit=lambda point: point.unit,
    can_view=_point_view,
    can_add=can_manage,
    can_remove=can_manage,
    purposes={PHOTO: gettext_lazy("阵地照片")},
    kinds=frozenset({Kind.IMAGE}),
    max_count=12,
    sensitive=False,
    check_open=_point_open,
)


def _report_view(actor: Actor, report: PointReport) -> bool:
    return is_reporter(actor, report) or access.check(actor, VIEW_POINTS, report.point.unit)


def _report_change(actor: Actor, report: PointReport) -> bool:
    return is_reporter(actor, report) or access.check(actor, MANAGE_POINTS, report.point.unit)


def _report_open(report: PointReport) -> None:
    if report.status != ReportStatus.OPEN:
        raise ValidationError(_("问题已处理，不能再增减照片。"), code="stale")


REPORT_OWNER = Owner(
    model="worker_services.PointReport",
    unit=lambda report: report.point.unit,
    can_view=_report_view,
    can_add=_report_change,
    can_remove=_report_change,
    purposes={PHOTO: gettext_lazy("现场照片")},
    kinds=frozenset({Kind.IMAGE}),
    max_count=6,
    sensitive=False,
    check_open=_report_open,
)
