"""Worker services on the one-screen overview (``gonghui.overview.registry``): workers' problem reports on service
points waiting for the union, the oldest wait, and the points whose record is overdue for verification."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url
from gonghui.worker_services.models import ReportStatus
from gonghui.worker_services.points.selectors import reports_waiting_overview


def point_figures(unit: OrgUnit) -> list[Figure]:
    return queue_figures(
        reports_waiting_overview(unit=unit),
        label=_("服务阵地问题反映待处理"),
        oldest_label=_("最长等待"),
        overdue_label=_("服务阵地信息逾期未核实"),
        url=unit_url(reverse("worker_services:point_report_list"), unit.pk, status=ReportStatus.OPEN),
        overdue_url=unit_url(reverse("worker_services:point_list"), unit.pk, stale="1"),
    )


FIGURES = [FigureSource(code="worker_services.points", title=_("服务阵地"), compute=point_figures, order=70)]
