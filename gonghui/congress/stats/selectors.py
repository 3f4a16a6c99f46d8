"""Statistics of democratic management for the actor's subtree (``congress.view``), in a few aggregate queries:

- **congress coverage**: grassroots unions in scope, those with an active congress, and those whose congress held a
  session (open or closed) within the last 12 months (365 days up to today);
- **proposals** of the year (by the day they were filed): by status, by answer code, and punctuality (answered on or
  before the due day, answered late, unanswered past the due day);
- **suggestions** of the year (by the day they were filed): by status, the number adopted, the money and hours
  saved a year and the rewards decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.money import cents
from gonghui.congress.models import (
    AnswerCode,
    Congress,
    CongressSession,
    Proposal,
    ProposalStatus,
    SessionStatus,
    Suggestion,
    SuggestionStatus,
)
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.orgs.models import OrgUnit, UnitKind, UnitStatus

ADOPTED = (SuggestionStatus.ADOPTED, SuggestionStatus.IMPLEMENTED, SuggestionStatus.REWARDED)


@dataclass
class CongressStats:
    year: int
    today: date
    grassroots: int = 0
    with_congress: int = 0
    with_recent_session: int = 0
    proposals_by_status: list[tuple[str, str, int]] = field(default_factory=list)  # (code, label, n)
    proposals_by_code: list[tuple[str, str, int]] = field(default_factory=list)
    answered_on_time: int = 0
    answered_late: int = 0
    overdue_open: int = 0
    suggestions_by_status: list[tuple[str, str, int]] = field(default_factory=list)
    suggestions_adopted: int = 0
    money_saved: Decimal = Decimal("0.00")
    hours_saved: Decimal = Decimal("0.0")
    rewards: Decimal = Decimal("0.00")

    @property
    def coverage(self) -> Decimal:
        """Share of the grassroots unions whose congress held a session in the last 12 months, in percent."""
        if not self.grassroots:
            return Decimal("0.0")
        return (Decimal(100) * self.with_recent_session / self.grassroots).quantize(Decimal("0.1"))

    @property
    def punctuality(self) -> Decimal:
        answered = self.answered_on_time + self.answered_late
        if not answered:
            return Decimal("0.0")
        return (Decimal(100) * self.answered_on_time / answered).quantize(Decimal("0.1"))


def _sub(unit: OrgUnit | None, prefix: str) -> Q:
    return Q(**{f"{prefix}path__startswith": unit.path}) if unit is not None else Q()


def congress_stats(*, actor: Actor, year: int, today: date, unit: OrgUnit | None = None) -> CongressStats:
    access.require_anywhere(actor, VIEW_CONGRESS)
    stats = CongressStats(year=year, today=today)
    units = access.scope(
        OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, status=UnitStatus.ACTIVE),
        actor,
        VIEW_CONGRESS,
        unit_field=None,
    ).filter(_sub(unit, ""))
    stats.grassroots = units.count()
    congresses = Congress.objects.filter(active=True, unit__in=units)
    stats.with_congress = congresses.values("unit_id").distinct().count()
    recent = CongressSession.objects.filter(
        term__congress__in=congresses,
        held_on__gt=today - timedelta(days=365),
        held_on__lte=today,
        status__in=(SessionStatus.OPEN, SessionStatus.CLOSED),
    )
    stats.with_recent_session = recent.values("term__congress__unit_id").distinct().count()

    proposals = access.scope(
        Proposal.objects.filter(created_at__year=year), actor, VIEW_CONGRESS, unit_field="term__congress__unit"
    ).filter(_sub(unit, "term__congress__unit__"))
    status_labels = dict(ProposalStatus.choices)
    stats.proposals_by_status = [
        (r["status"], str(status_labels.get(r["status"], r["status"])), r["n"])
        for r in proposals.order_by("status").values("status").annotate(n=Count("pk"))
    ]
    code_labels = dict(AnswerCode.choices)
    stats.proposals_by_code = [
        (r["answer_code"], str(code_labels.get(r["answer_code"], r["answer_code"])), r["n"])
        for r in proposals.exclude(answer_code="").order_by("answer_code").values("answer_code").annotate(n=Count("pk"))
    ]
    row = proposals.aggregate(
        on_time=Count("pk", filter=Q(answered_on__isnull=False, due_on__isnull=False, answered_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(answered_on__isnull=False, due_on__isnull=False, answered_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(answered_on__isnull=True, due_on__lt=today)),
    )
    stats.answered_on_time, stats.answered_late, stats.overdue_open = row["on_time"], row["late"], row["overdue"]

    suggestions = access.scope(Suggestion.objects.filter(submitted_at__year=year), actor, VIEW_CONGRESS).filter(
        _sub(unit, "unit__")
    )
    s_labels = dict(SuggestionStatus.choices)
    stats.suggestions_by_status = [
        (r["status"], str(s_labels.get(r["status"], r["status"])), r["n"])
        for r in suggestions.order_by("status").values("status").annotate(n=Count("pk"))
    ]
    sums = suggestions.filter(status__in=ADOPTED).aggregate(
        n=Count("pk"), m=Sum("money_saved"), h=Sum("hours_saved"), r=Sum("reward")
    )
    stats.suggestions_adopted = sums["n"] or 0
    stats.money_saved = cents(sums["m"])
    stats.hours_saved = Decimal(str(sums["h"] or 0)).quantize(Decimal("0.1"))
    stats.rewards = cents(sums["r"])
    return stats


def overdue_congresses(*, actor: Actor, today: date, unit: OrgUnit | None = None, limit: int = 200) -> list[Congress]:
    """Active congresses in scope with no session held in the last 12 months (the coverage's gap)."""
    recent = CongressSession.objects.filter(
        held_on__gt=today - timedelta(days=365),
        held_on__lte=today,
        status__in=(SessionStatus.OPEN, SessionStatus.CLOSED),
    ).values("term__congress_id")
    qs = (
        access.scope(Congress.objects.filter(active=True), actor, VIEW_CONGRESS)
        .filter(_sub(unit, "unit__"))
        .exclude(pk__in=recent)
        .select_related("unit")
        .order_by("unit__path")
    )
    return list(qs[:limit])
