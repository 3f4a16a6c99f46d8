"""The relief tiers against a reference model in whole fen, hand-computed cases, and a policy change that applies
from its effective date only while an older decision keeps explaining itself with the version it used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.relief.calculation import compute, explain
from gonghui.assistance.relief.policies import DEFAULT_BANDS, parse_bands
from gonghui.policy.models import PolicyRecord

BANDS = parse_bands(DEFAULT_BANDS)


def reference(oop_fen: int, threshold_fen: int, bands: list[tuple[int, int]], cap_fen: int, paid_fen: int) -> int:
    """Relief in fen, walking the costs one band at a time; rates are in basis points; half-up to the fen."""
    total = 0
    for index, (start, bp) in enumerate(bands):
        end = bands[index + 1][0] if index + 1 < len(bands) else None
        low = max(start, threshold_fen)
        high = oop_fen if end is None else min(oop_fen, end)
        if high > low:
            total += ((high - low) * bp * 2 + 10000) // 20000  # half up: floor(x / 10000 + 1/2)
    return max(0, min(total, cap_fen - paid_fen))


@st.composite
def band_lists(draw: st.DrawFn) -> list[tuple[int, int]]:
    starts = sorted(draw(st.sets(st.integers(0, 20_000_000), min_size=1, max_size=5)))
    return [(s, draw(st.integers(0, 10000))) for s in starts]


@given(
    oop=st.integers(0, 50_000_000),
    threshold=st.integers(0, 5_000_000),
    bands=band_lists(),
    cap=st.integers(0, 10_000_000),
    paid=st.integers(0, 10_000_000),
)
def test_compute_matches_reference(oop, threshold, bands, cap, paid):
    fen = Decimal("0.01")
    outcome = compute(
        out_of_pocket=oop * fen,
        threshold=threshold * fen,
        bands=[(s * fen, Decimal(bp) / 10000) for s, bp in bands],
        cap=cap * fen,
        paid=paid * fen,
    )
    assert outcome.amount == reference(oop, threshold, bands, cap, paid) * fen
    assert Decimal(0) <= outcome.amount <= max(Decimal(0), (cap - paid) * fen)
    assert outcome.amount + outcome.cap_reduction == outcome.gross


@pytest.mark.parametrize(
    ("oop", "paid", "expected"),
    [
        ("9999.99", "0", "0.00"),  # below the threshold
        ("10000", "0", "0.00"),
        ("20000", "0", "2000.00"),  # 10,000 × 20%
        ("40000", "0", "7000.00"),  # 20,000 × 20% + 10,000 × 30%
        ("80000", "0", "20000.00"),  # 4,000 + 6,000 + 30,000 × 40% = 22,000, capped at 20,000
        ("80000", "15000", "5000.00"),  # 5,000 left under the yearly cap
        ("80000", "25000", "0.00"),  # the cap already used up
        ("10000.03", "0", "0.01"),  # 0.03 × 20% = 0.006, half up
    ],
)
def test_default_tiers_by_hand(oop, paid, expected):
    outcome = compute(
        out_of_pocket=Decimal(oop), threshold=Decimal("10000"), bands=BANDS, cap=Decimal("20000"), paid=Decimal(paid)
    )
    assert outcome.amount == Decimal(expected)


def test_bands_are_validated():
    from django.core.exceptions import ValidationError

    for bad in ([], [{"from": "100", "rate": "1.5"}], [{"from": "5", "rate": "0.1"}, {"from": "5", "rate": "0.2"}]):
        with pytest.raises(ValidationError):
            parse_bands(bad)


@pytest.mark.django_db
def test_policy_change_applies_from_its_date_and_old_trace_keeps_its_version(world):
    old_outcome, old_trace = explain(
        unit=world.child, on=date(2026, 3, 1), out_of_pocket=Decimal("40000"), paid=Decimal(0)
    )
    assert old_outcome.amount == Decimal("7000.00")
    stored = old_trace.to_json()
    PolicyRecord.objects.create(
        key="assistance.relief_bands",
        unit=world.city,
        value=[{"from": "10000", "rate": "0.5"}],
        effective_from=date(2026, 7, 1),
        note="市总工发〔2026〕7号",
    )
    before, _trace = explain(unit=world.child, on=date(2026, 6, 30), out_of_pocket=Decimal("40000"), paid=Decimal(0))
    after, new_trace = explain(unit=world.child, on=date(2026, 7, 1), out_of_pocket=Decimal("40000"), paid=Decimal(0))
    assert before.amount == Decimal("7000.00")
    assert after.amount == Decimal("15000.00")  # 30,000 × 50%
    bands_line = next(line for line in new_trace.lines if line.label == "分段比例")
    assert bands_line.policy is not None
    assert bands_line.policy["record_id"] is not None
    assert "市总工发〔2026〕7号" in bands_line.rule_display
    # the older decision's stored trace still shows the default version it was computed with
    from gonghui.policy.trace import Trace

    reread = Trace.from_json(stored)
    old_line = next(line for line in reread.lines if line.label == "分段比例")
    assert old_line.policy is not None
    assert old_line.policy["record_id"] is None
    assert reread.results[0].value == "7000.00"
