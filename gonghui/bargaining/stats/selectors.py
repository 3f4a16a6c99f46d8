"""Statistics of collective bargaining for the actor's subtree (``bargaining.view``), optionally under one union:
agreements in force today by level, the employers and workers they cover, agreements signed in a year with the
wage increases agreed (count, average, lowest, highest), cases by status and deadlines escalated and still open.

Coverage counts each employer once even when two agreements in force cover it (an employer's own agreement and a
regional one), with its staff count as listed on the most recent of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.bargaining.agreements.selectors import in_force_q
from gonghui.bargaining.models import (
    BargainingCase,
    BargainingLevel,
    CaseDeadline,
    CaseStatus,
    CaseSubject,
    CoveredEmployer,
    Subject,
)
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.orgs.models import OrgUnit

TWO = Decimal("0.01")


@dataclass
class BargainingStats:
    year: int
    in_force: int = 0
    in_force_by_level: list[tuple[str, str, int]] = field(default_factory=list)
    covered_employers: int = 0
    covered_workers: int = 0
    signed_in_year: int = 0
    wage_agreements: int = 0
    wage_increase_avg: Decimal | None = None
    wage_increase_min: Decimal | None = None
    wage_increase_max: Decimal | None = None
    wage_by_level: list[tuple[str, str, Decimal | None]] = field(default_factory=list)
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    escalated_open: int = 0


def bargaining_stats(*, actor: Actor, year: int, today: date, unit: OrgUnit | None = None) -> BargainingStats:
    cases = access.scope(BargainingCase.objects.all(), actor, VIEW_BARGAINING)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    stats = BargainingStats(year=year)
    active = cases.filter(in_force_q(today))
    levels = dict(active.values("level").annotate(n=Count("pk")).values_list("level", "n"))
    stats.in_force_by_level = [(v, str(label), int(levels.get(v, 0))) for v, label in BargainingLevel.choices]
    stats.in_force = sum(n for *_x, n in stats.in_force_by_level)
    latest: dict[int, tuple[int, int]] = {}
    for employer_id, case_id, staff in (
        CoveredEmployer.objects.filter(case__in=active.values("pk"))
        .values_list("employer_id", "case_id", "staff_count")
        .order_by("employer_id", "case_id")
    ):
        latest[employer_id] = (case_id, staff)
    stats.covered_employers = len(latest)
    stats.covered_workers = sum(staff for _case, staff in latest.values())
    signed = cases.filter(signed_on__year=year, status__in=_SIGNED)
    stats.signed_in_year = signed.count()
    wages = CaseSubject.objects.filter(case__in=signed.values("pk"), subject=Subject.WAGES, wage_increase__isnull=False)
    row = wages.aggregate(n=Count("pk"), avg=Avg("wage_increase"), low=Min("wage_increase"), high=Max("wage_increase"))
    stats.wage_agreements = int(row["n"] or 0)
    stats.wage_increase_avg = _two(row["avg"])
    stats.wage_increase_min = _two(row["low"])
    stats.wage_increase_max = _two(row["high"])
    per_level = dict(wages.values("case__level").annotate(a=Avg("wage_increase")).values_list("case__level", "a"))
    stats.wage_by_level = [(v, str(label), _two(per_level.get(v))) for v, label in BargainingLevel.choices]
    statuses = dict(cases.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    stats.by_status = [(v, str(label), int(statuses.get(v, 0))) for v, label in CaseStatus.choices]
    stats.escalated_open = CaseDeadline.objects.filter(
        case__in=cases.values("pk"), met_on__isnull=True, escalated_at__isnull=False
    ).count()
    return stats


_SIGNED = (
    CaseStatus.SIGNED,
    CaseStatus.FILED,
    CaseStatus.IN_FORCE,
    CaseStatus.PUBLISHED,
    CaseStatus.EXPIRED,
    CaseStatus.RENEWED,
)


def _two(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)
