"""Statistics of legal aid and labour-law supervision for the actor's subtree, in a few aggregate queries:

- **cases** of the year (by the day they were asked for, ``legal_aid.view_cases``): by status, by dispute kind
  (count, and closed cases' amount recovered), by outcome (count and amount recovered); decisions and assignments
  made on time or late; ratings of closed cases;
- **notices** of the year (by the day they were issued, ``legal_aid.view_supervision``, only when the actor holds
  it): by status, replied on time or late, overdue without a reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.legal_aid.models import (
    CaseOutcome,
    CaseStatus,
    DisputeKind,
    LegalAidCase,
    NoticeStatus,
    Rating,
    SupervisionNotice,
)
from gonghui.legal_aid.permissions import VIEW_CASES, VIEW_SUPERVISION
from gonghui.orgs.models import OrgUnit

Row = tuple[str, str, int, Decimal]  # (code, label, count, amount recovered)


@dataclass
class LegalAidStats:
    year: int
    cases: int = 0
    by_status: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    by_outcome: list[Row] = field(default_factory=list)
    by_rating: list[Row] = field(default_factory=list)
    recovered: Decimal = Decimal("0.00")
    decided_on_time: int = 0
    decided_late: int = 0
    assigned_on_time: int = 0
    assigned_late: int = 0
    show_notices: bool = False
    notices: int = 0
    notices_by_status: list[Row] = field(default_factory=list)
    replied_on_time: int = 0
    replied_late: int = 0
    notices_overdue: int = 0


def _rows(choices: Sequence[tuple[str, Any]], counts: dict[str, tuple[int, Decimal]]) -> list[Row]:
    return [(code, str(label), *counts.get(code, (0, Decimal("0.00")))) for code, label in choices]


def _grouped(qs: QuerySet[LegalAidCase], column: str) -> dict[str, tuple[int, Decimal]]:
    """``{value: (count, amount recovered)}`` of ``column`` in one query."""
    rows = qs.values(column).annotate(n=Count("pk"), amount=Sum("amount_recovered")).order_by(column)
    return {str(r[column]): (int(r["n"]), cents(r["amount"])) for r in rows}


def legal_aid_stats(*, actor: Actor, year: int, unit: OrgUnit | None = None) -> LegalAidStats:
    access.require_anywhere(actor, VIEW_CASES)
    stats = LegalAidStats(year=year)
    cases = access.scope(LegalAidCase.objects.filter(applied_on__year=year), actor, VIEW_CASES)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)

    stats.by_status = _rows(CaseStatus.choices, _grouped(cases, "status"))
    stats.cases = sum(n for _c, _l, n, _a in stats.by_status)
    closed = cases.filter(status=CaseStatus.CLOSED)
    stats.by_kind = _rows(DisputeKind.choices, _grouped(cases, "dispute_kind"))
    # Amounts recovered count closed cases only (an open case has none yet).
    kind_amounts = _grouped(closed, "dispute_kind")
    stats.by_kind = [(c, lbl, n, kind_amounts.get(c, (0, Decimal("0.00")))[1]) for c, lbl, n, _a in stats.by_kind]
    stats.by_outcome = _rows(CaseOutcome.choices, _grouped(closed, "outcome"))
    stats.by_rating = _rows(Rating.choices, _grouped(closed.exclude(rating=""), "rating"))
    stats.recovered = cents(closed.aggregate(s=Sum("amount_recovered"))["s"])
    timing = cases.aggregate(
        decided_on_time=Count("pk", filter=Q(decided_on__isnull=False, decided_on__lte=F("decision_due_on"))),
        decided_late=Count("pk", filter=Q(decided_on__gt=F("decision_due_on"))),
        assigned_on_time=Count("pk", filter=Q(assigned_on__isnull=False, assigned_on__lte=F("assign_due_on"))),
        assigned_late=Count("pk", filter=Q(assigned_on__gt=F("assign_due_on"))),
    )
    for name, value in timing.items():
        setattr(stats, name, int(value or 0))
    if access.check_anywhere(actor, VIEW_SUPERVISION):
        stats.show_notices = True
        notices = access.scope(SupervisionNotice.objects.filter(issued_on__year=year), actor, VIEW_SUPERVISION)
        if unit is not None:
            notices = notices.filter(unit__path__startswith=unit.path)
        counts = {
            str(r["status"]): (int(r["n"]), Decimal("0.00"))
            for r in notices.values("status").annotate(n=Count("pk")).order_by("status")
        }
        stats.notices_by_status = _rows(NoticeStatus.choices, counts)
        stats.notices = sum(n for _c, _l, n, _a in stats.notices_by_status)
        reply = notices.aggregate(
            on_time=Count("pk", filter=Q(replied_on__isnull=False, replied_on__lte=F("reply_due_on"))),
            late=Count("pk", filter=Q(replied_on__gt=F("reply_due_on"))),
            overdue=Count("pk", filter=Q(status=NoticeStatus.ISSUED, overdue_at__isnull=False)),
        )
        stats.replied_on_time, stats.replied_late = int(reply["on_time"]), int(reply["late"])
        stats.notices_overdue = int(reply["overdue"])
    return stats
