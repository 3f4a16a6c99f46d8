"""Scoring against a small reference model written from the rules (exact fractions, no shared code): the component
mean with the highest and lowest dropped from enough judges, the weighted total (3:7 by default), the ranking with
ties broken by the practical score and then time, shared ranks, and who advances at the cut."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.contests.competitions import scoring
from gonghui.contests.competitions.scoring import Component, Rankable


def ref_round(x: Fraction) -> Fraction:
    """Half up to cents (scores are never negative)."""
    return Fraction(math.floor(x * 100 + Fraction(1, 2)), 100)


def ref_component(scores: list[Decimal], drop: bool, drop_min: int) -> Fraction | None:
    if not scores:
        return None
    values = sorted(Fraction(s) for s in scores)
    if drop and len(values) >= max(3, drop_min):
        values.remove(min(values))
        values.remove(max(values))
    return ref_round(sum(values, Fraction(0)) / len(values))


def ref_total(parts: dict[str, Fraction | None], weights: dict[str, int]) -> Fraction | None:
    if sum(weights.values()) == 0 or any(parts[c] is None for c, w in weights.items() if w):
        return None
    weighted = sum((Fraction(w) * (parts[c] or Fraction(0)) for c, w in weights.items()), Fraction(0))
    return ref_round(weighted / sum(weights.values()))


def ref_rank(rows: list[Rankable]) -> dict[int, int | None]:
    """1 + the number of entrants strictly better: a higher total; or the same total and a higher tie score; or
    both the same and a time where the other has none, or a shorter one."""

    def better(a: Rankable, b: Rankable) -> bool:
        if a.total != b.total:
            return a.total > b.total  # type: ignore[operator]
        if (a.tie or 0) != (b.tie or 0):
            return (a.tie or 0) > (b.tie or 0)
        if a.time_seconds is None or b.time_seconds is None:
            return a.time_seconds is not None and b.time_seconds is None
        return a.time_seconds < b.time_seconds

    ranked = [r for r in rows if r.total is not None]
    out: dict[int, int | None] = {r.key: None for r in rows if r.total is None}
    for r in ranked:
        out[r.key] = 1 + sum(1 for o in ranked if o.key != r.key and better(o, r))
    return out


score_values = st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n) / 100)


@settings(max_examples=300, deadline=None)
@given(
    theory=st.lists(score_values, max_size=9),
    practice=st.lists(score_values, min_size=0, max_size=9),
    w_theory=st.integers(min_value=0, max_value=10),
    w_practice=st.integers(min_value=0, max_value=10),
    drop=st.booleans(),
    drop_min=st.integers(min_value=3, max_value=8),
)
def test_component_and_total_match_the_reference(theory, practice, w_theory, w_practice, drop, drop_min):
    components = [Component("theory", "理论知识", w_theory), Component("practice", "实际操作", w_practice)]
    found = scoring.score_entrant({"theory": theory, "practice": practice}, components, drop=drop, drop_min=drop_min)
    parts = {"theory": ref_component(theory, drop, drop_min), "practice": ref_component(practice, drop, drop_min)}
    for code, want in parts.items():
        got = found.components[code]
        assert (got is None) == (want is None)
        if want is not None:
            assert got is not None
            assert Fraction(got) == want
    want_total = ref_total(parts, {"theory": w_theory, "practice": w_practice})
    assert (found.total is None) == (want_total is None)
    if want_total is not None:
        assert found.total is not None
        assert Fraction(found.total) == want_total
        assert found.trace.results[-1].value == str(found.total)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from([Decimal("80.00"), Decimal("85.50"), Decimal("90.00")])),
            st.sampled_from([Decimal("70.00"), Decimal("75.00")]),
            st.one_of(st.none(), st.sampled_from([600, 700, 800])),
        ),
        max_size=12,
    )
)
def test_ranking_matches_the_reference(rows):
    rankables = [Rankable(key=i, total=t, tie=tie, time_seconds=time) for i, (t, tie, time) in enumerate(rows)]
    assert scoring.rank(rankables) == ref_rank(rankables)


@settings(max_examples=200, deadline=None)
@given(
    ranks=st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=8)), max_size=12),
    count=st.integers(min_value=1, max_value=8),
)
def test_advancing_takes_everyone_within_the_cut(ranks, count):
    table = dict(enumerate(ranks))
    assert scoring.advancing(table, count) == {k for k, r in table.items() if r is not None and r <= count}


def test_default_skill_weights_three_to_seven():
    components = [Component("theory", "理论知识", 3), Component("practice", "实际操作", 7)]
    found = scoring.score_entrant(
        {"theory": [Decimal("80")], "practice": [Decimal("90")]}, components, drop=True, drop_min=5
    )
    assert found.total == Decimal("87.00")  # (3 × 80 + 7 × 90) ÷ 10


def test_extremes_dropped_only_from_enough_judges():
    five = [Decimal(v) for v in ("90", "80", "85", "70", "95")]
    assert scoring.component_score(five, drop=True, drop_min=5) == (Decimal("85.00"), True)
    assert scoring.component_score(five[:4], drop=True, drop_min=5) == (Decimal("81.25"), False)
    assert scoring.component_score(five, drop=False, drop_min=5) == (Decimal("84.00"), False)


def test_tie_broken_by_practice_then_time_then_shared():
    rows = [
        Rankable(key=1, total=Decimal("88.00"), tie=Decimal("90.00"), time_seconds=900),
        Rankable(key=2, total=Decimal("88.00"), tie=Decimal("91.00"), time_seconds=1200),
        Rankable(key=3, total=Decimal("88.00"), tie=Decimal("90.00"), time_seconds=800),
        Rankable(key=4, total=Decimal("88.00"), tie=Decimal("90.00"), time_seconds=800),
        Rankable(key=5, total=Decimal("95.00"), tie=Decimal("60.00"), time_seconds=None),
        Rankable(key=6, total=None, tie=None, time_seconds=None),
    ]
    assert scoring.rank(rows) == {5: 1, 2: 2, 3: 3, 4: 3, 1: 5, 6: None}


def test_missing_component_gives_no_total():
    components = [Component("theory", "理论知识", 3), Component("practice", "实际操作", 7)]
    found = scoring.score_entrant({"theory": [Decimal("80")]}, components, drop=True, drop_min=5)
    assert found.total is None
