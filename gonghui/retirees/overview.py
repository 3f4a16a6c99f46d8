"""Retirees on the one-screen overview (``gonghui.overview.registry``): visits planned in the subtree, the oldest
planned day, and the visits past their day."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url
from gonghui.retirees.models import VisitStatus
from gonghui.retirees.visits.selectors import visits_waiting_overview


def visit_figures(unit: OrgUnit) -> list[Figure]:
    url = reverse("retirees:visit_list")
    return queue_figures(
        visits_waiting_overview(unit=unit),
        label=_("退休职工待走访"),
        oldest_label=_("最早计划日至今"),
        overdue_label=_("退休职工走访逾期"),
        url=unit_url(url, unit.pk, status=VisitStatus.PLANNED),
        overdue_url=unit_url(url, unit.pk, overdue="1"),
    )


FIGURES = [FigureSource(code="retirees.visits", title=_("退休职工走访"), compute=visit_figures, order=60)]
