"""Scoring of a contest stage, as pure functions with a trace (no database).

- Each judge scores each component of an entrant (0 to the maximum score, two decimals).
- A component's score is the mean of its judges' scores; when dropping extremes is on and at least
  ``drop_min`` judges scored it, one highest and one lowest score are left out first. The mean is rounded half up
  to two decimals.
- The total is the weighted mean of the component scores, ``Σ(weightᵢ × scoreᵢ) ÷ Σ weightᵢ``, rounded half up to
  two decimals (skill: theory 3 : practice 7 by default; teaching: lesson plan 2 : live lesson 7 : reflection 1).
- Ranking: the higher total first; on equal totals the higher tie-break component (practice for skill contests,
  the live lesson for teaching contests), then the shorter time (an entrant without a recorded time after any with
  one). Entrants equal on all three share a rank, and the next rank skips (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from gonghui.policy.trace import Trace

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Component:
    code: str
    label: str  # the zh-hans source text (gettext_noop), translated when shown
    weight: int


# The components of each kind, in order; the weights come from policy (``policies.py``) at scoring time.
COMPONENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "skill": (("theory", gettext_noop("理论知识")), ("practice", gettext_noop("实际操作"))),
    "teaching": (
        ("plan", gettext_noop("教学设计")),
        ("lesson", gettext_noop("课堂教学")),
        ("reflection", gettext_noop("教学反思")),
    ),
}
TIE_COMPONENT = {"skill": "practice", "teaching": "lesson"}
LABELS = {code: label for parts in COMPONENTS.values() for code, label in parts}
# For makemessages: the component labels as lazy strings shown on forms.
FORM_LABELS = {
    "theory": _("理论知识"),
    "practice": _("实际操作"),
    "plan": _("教学设计"),
    "lesson": _("课堂教学"),
    "reflection": _("教学反思"),
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def component_score(scores: Sequence[Decimal], *, drop: bool, drop_min: int) -> tuple[Decimal | None, bool]:
    """The component's score from its judges' scores and whether extremes were dropped (``None``: nobody scored)."""
    if not scores:
        return None, False
    kept = sorted(scores)
    dropped = drop and len(kept) >= max(drop_min, 3)
    if dropped:
        kept = kept[1:-1]
    return cents(sum(kept, Decimal(0)) / len(kept)), dropped


@dataclass(frozen=True)
class Scored:
    components: dict[str, Decimal | None]
    total: Decimal | None
    trace: Trace


def score_entrant(
    scores: Mapping[str, Sequence[Decimal]], components: Sequence[Component], *, drop: bool, drop_min: int
) -> Scored:
    """The entrant's component scores and total, with the trace of how they came about. The total is ``None`` when a
    component with a weight has no score at all (the entrant cannot be ranked)."""
    trace = Trace()
    found: dict[str, Decimal | None] = {}
    for part in components:
        given = list(scores.get(part.code, ()))
        trace.given(
            part.label,
            " / ".join(str(cents(v)) for v in given) or "—",
            kind="text",
            note=gettext_noop("各评委评分"),
        )
        value, dropped = component_score(given, drop=drop, drop_min=drop_min)
        found[part.code] = value
        formula = (
            gettext_noop("去掉一个最高分和一个最低分后取平均，四舍五入到两位小数")
            if dropped
            else gettext_noop("各评委评分取平均，四舍五入到两位小数")
        )
        trace.step(part.label, value, kind="decimal", unit=gettext_noop("分"), formula=formula)
    weights = sum(p.weight for p in components)
    missing = [p for p in components if p.weight and found[p.code] is None]
    if weights <= 0 or missing:
        trace.result(gettext_noop("总分"), gettext_noop("评分不全，不能计算总分"), kind="text")
        return Scored(components=found, total=None, trace=trace)
    weighted = sum((Decimal(p.weight) * (found[p.code] or Decimal(0)) for p in components), Decimal(0))
    total = cents(weighted / Decimal(weights))
    trace.given(gettext_noop("权重比例"), " : ".join(str(p.weight) for p in components), kind="text")
    trace.result(
        gettext_noop("总分"),
        total,
        kind="decimal",
        unit=gettext_noop("分"),
        formula=gettext_noop("各评分项得分按权重加权平均，四舍五入到两位小数"),
    )
    return Scored(components=found, total=total, trace=trace)


@dataclass(frozen=True)
class Rankable:
    key: int
    total: Decimal | None
    tie: Decimal | None
    time_seconds: int | None


def _order_key(row: Rankable) -> tuple[int, Decimal, Decimal, int, int]:
    no_time = 1 if row.time_seconds is None else 0
    return (
        0 if row.total is not None else 1,
        -(row.total or Decimal(0)),
        -(row.tie or Decimal(0)),
        no_time,
        row.time_seconds or 0,
    )


def rank(rows: Sequence[Rankable]) -> dict[int, int | None]:
    """Each row's rank by key (``None`` for a row without a total): total, then the tie component, then time."""
    ordered = sorted(rows, key=lambda r: (_order_key(r), r.key))
    ranks: dict[int, int | None] = {}
    previous: tuple[int, Decimal, Decimal, int, int] | None = None
    current = 0
    for position, row in enumerate(ordered, start=1):
        if row.total is None:
            ranks[row.key] = None
            continue
        key = _order_key(row)
        if key != previous:
            current, previous = position, key
        ranks[row.key] = current
    return ranks


def advancing(ranks: Mapping[int, int | None], count: int) -> set[int]:
    """The keys whose rank is within ``count`` (entrants tied at the cut all advance)."""
    return {key for key, r in ranks.items() if r is not None and r <= count}
