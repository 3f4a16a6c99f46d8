"""Satisfaction on the one-screen overview (``gonghui.overview.registry``): this year's ratings of completed
services in the unit's subtree (``ratings_summary``: one aggregate query), as on the statistics page's default
period, and the poor ratings still waiting for a return visit (回访)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import OrgUnit
from gonghui.overview.registry import Figure, FigureSource, Group, Kind
from gonghui.overview.waits import unit_url
from gonghui.ratings.models import FollowUp
from gonghui.ratings.selectors import ratings_summary


def satisfaction_figures(unit: OrgUnit) -> list[Figure]:
    today = timezone.localdate()
    summary = ratings_summary(unit, start=date(today.year, 1, 1), end=today)
    stats = unit_url(reverse("ratings:stats"), unit.pk)
    figures = [Figure(code="count", label=_("今年服务评价"), value=summary.count, url=stats)]
    if summary.count:
        figures += [
            Figure(code="average", label=_("平均评分（满分 5 分）"), value=str(summary.average), url=stats),
            Figure(
                code="satisfied",
                label=_("满意率（4–5 分）"),
                value=float(summary.satisfied_share or 0),
                kind=Kind.PERCENT,
                url=stats,
            ),
        ]
    figures.append(
        Figure(
            code="poor_waiting",
            label=_("差评待回访"),
            value=summary.poor_waiting,
            url=unit_url(reverse("ratings:list"), unit.pk, follow_up=FollowUp.WAITING),
            overdue=bool(summary.poor_waiting),
        )
    )
    return figures


FIGURES = [
    FigureSource(
        code="ratings.satisfaction",
        title=_("服务满意度"),
        compute=satisfaction_figures,
        group=Group.SATISFACTION,
        order=10,
    )
]
