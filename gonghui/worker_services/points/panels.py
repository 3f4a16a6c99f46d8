"""The console home's panel of service points: points whose record is overdue for verification ("keep the register
current") and open problem reports, counted over the actor's subtree."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.worker_services.models import PointReport, PointStatus, ReportStatus, ServicePoint
from gonghui.worker_services.permissions import VIEW_POINTS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, VIEW_POINTS):
        return []
    scope = access.scope_q(actor, VIEW_POINTS, path_field="unit__path")
    return [
        summarize(
            ServicePoint.objects.filter(
                scope, stale_since__isnull=False, status__in=(PointStatus.ACTIVE, PointStatus.SUSPENDED)
            ),
            label=_("服务阵地超期未核实"),
            url=f"{reverse('worker_services:point_list')}?stale=1",
            since="verified_on",
        ),
        summarize(
            PointReport.objects.filter(
                access.scope_q(actor, VIEW_POINTS, path_field="point__unit__path"), status=ReportStatus.OPEN
            ),
            label=_("服务阵地问题反映待处理"),
            url=f"{reverse('worker_services:point_report_list')}?status=open",
            since="created_at",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("服务阵地"), waiting=waiting, order=90)]
