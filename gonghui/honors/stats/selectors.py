"""Statistics of honours for the actor's subtree, in a few aggregate queries:

- **honours** (the register, ``honors.view_honorees``): current titles by level and by the year they were conferred
  (the last ``years`` years up to ``to_year``), and by title;
- **studios** (``honors.view_studios``): by grade and status; of the named ones, patents, savings (yuan) and other
  results, 名师带徒 pairs (active and completed), and the grants asked for (the amounts read from finance's payment
  requests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.honors.models import (
    Apprenticeship,
    ApprenticeshipStatus,
    Honoree,
    HonorLevel,
    HonorTitle,
    ResultKind,
    Studio,
    StudioGrade,
    StudioGrant,
    StudioResult,
    StudioStatus,
)
from gonghui.honors.permissions import VIEW_HONOREES, VIEW_STUDIOS
from gonghui.orgs.models import OrgUnit


@dataclass
class HonorStats:
    to_year: int
    years: list[int]
    levels: list[tuple[str, str]]
    by_level_year: dict[str, list[int]] = field(default_factory=dict)  # level → count per year (in ``years``)
    by_level: list[tuple[str, str, int]] = field(default_factory=list)  # (level, label, every year)
    by_title: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0


@dataclass
class StudioStats:
    by_grade: list[tuple[str, str, int]] = field(default_factory=list)  # named studios by grade
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    patents: int = 0
    savings: Decimal = Decimal("0.00")
    other_results: int = 0
    pairs_active: int = 0
    pairs_completed: int = 0
    grants: int = 0
    grant_amount: Decimal = Decimal("0.00")


def _under(unit: OrgUnit | None, path_field: str) -> Q:
    return Q(**{f"{path_field}__startswith": unit.path}) if unit is not None else Q()


def honor_stats(*, actor: Actor, to_year: int, years: int = 10, unit: OrgUnit | None = None) -> HonorStats:
    span = list(range(to_year - years + 1, to_year + 1))
    stats = HonorStats(to_year=to_year, years=span, levels=[(v, str(label)) for v, label in HonorLevel.choices])
    qs = access.scope(Honoree.objects.filter(revoked_on__isnull=True), actor, VIEW_HONOREES).filter(
        _under(unit, "unit__path")
    )
    grid = {level: [0] * len(span) for level in HonorLevel.values}
    totals = dict.fromkeys(HonorLevel.values, 0)
    for level, year, n in qs.values_list("level", "year").annotate(n=Count("pk")).order_by():
        totals[level] = totals.get(level, 0) + n
        if span[0] <= year <= span[-1]:
            grid.setdefault(level, [0] * len(span))[year - span[0]] += n
    stats.by_level_year = grid
    stats.by_level = [(v, str(label), totals.get(v, 0)) for v, label in HonorLevel.choices]
    titles = dict(qs.values_list("title").annotate(n=Count("pk")).order_by())
    stats.by_title = [(v, str(label), titles.get(v, 0)) for v, label in HonorTitle.choices]
    stats.total = sum(totals.values())
    return stats


def studio_stats(*, actor: Actor, unit: OrgUnit | None = None) -> StudioStats:
    stats = StudioStats()
    studios = access.scope(Studio.objects.all(), actor, VIEW_STUDIOS).filter(_under(unit, "unit__path"))
    by_status = dict(studios.values_list("status").annotate(n=Count("pk")).order_by())
    stats.by_status = [(v, str(label), by_status.get(v, 0)) for v, label in StudioStatus.choices]
    named = studios.filter(status=StudioStatus.NAMED)
    by_grade = dict(named.values_list("grade").annotate(n=Count("pk")).order_by())
    stats.by_grade = [(v, str(label), by_grade.get(v, 0)) for v, label in StudioGrade.choices]
    results = StudioResult.objects.filter(studio__in=studios.values("pk")).aggregate(
        patents=Count("pk", filter=Q(kind=ResultKind.PATENT)),
        other=Count("pk", filter=~Q(kind=ResultKind.PATENT)),
        savings=Sum("savings"),
    )
    stats.patents = results["patents"] or 0
    stats.other_results = results["other"] or 0
    stats.savings = cents(results["savings"])
    pairs = Apprenticeship.objects.filter(studio__in=studios.values("pk")).aggregate(
        active=Count("pk", filter=Q(status=ApprenticeshipStatus.ACTIVE)),
        completed=Count("pk", filter=Q(status=ApprenticeshipStatus.COMPLETED)),
    )
    stats.pairs_active = pairs["active"] or 0
    stats.pairs_completed = pairs["completed"] or 0
    grants = StudioGrant.objects.filter(studio__in=studios.values("pk")).aggregate(
        n=Count("pk"), amount=Sum("payment__amount")
    )
    stats.grants = grants["n"] or 0
    stats.grant_amount = cents(grants["amount"])
    return stats
