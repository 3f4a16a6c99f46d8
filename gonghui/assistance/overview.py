"""Hardship assistance on the one-screen overview (``gonghui.overview.registry``): applications waiting for their
home visit, how long the oldest has waited, how many longer than ``VISIT_OVERDUE_DAYS``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.applications.selectors import hardship_waiting_overview
from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource
from gonghui.overview.waits import queue_figures, unit_url


def figures(unit: OrgUnit) -> list[Figure]:
    return queue_figures(
        hardship_waiting_overview(unit=unit),
        label=_("困难帮扶申请待入户调查"),
        oldest_label=_("最长等待"),
        overdue_label=_("超过10天未入户调查"),
        url=unit_url(reverse("assistance:hardship_visits"), unit.pk),
    )


FIGURES = [FigureSource(code="assistance.hardship", title=_("困难帮扶"), compute=figures, order=20)]
