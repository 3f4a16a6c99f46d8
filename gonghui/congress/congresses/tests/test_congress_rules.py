"""The quota formula and the composition rules against a reference model (hypothesis), and their traces."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.congress.congresses import rules
from gonghui.congress.congresses.policies import DEFAULT_QUOTA_BANDS, parse_quota_bands

SMALL, BANDS, TOP = parse_quota_bands(DEFAULT_QUOTA_BANDS)


def reference_quota(h: int) -> int:
    """The default rule as written in docs/congress.md, one branch per band."""
    if h < 100:
        q = min(h, 30)
    elif h < 1000:
        q = 40 + 7 * ((h - 100) // 100)
    elif h < 5000:
        q = 100 + 20 * ((h - 1000) // 1000)
    else:
        q = 180 + 10 * ((h - 5000) // 1000)
    return min(q, 300, h)


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [
        (0, 0),
        (12, 12),
        (30, 30),
        (99, 30),
        (100, 40),
        (199, 40),
        (200, 47),
        (999, 96),
        (1000, 100),
        (1999, 100),
        (2000, 120),
        (4999, 160),
        (5000, 180),
        (6000, 190),
        (50000, 300),
    ],
)
def test_quota_examples(headcount, expected):
    assert rules.quota(headcount, small_minimum=SMALL, bands=BANDS, top=TOP).quota == expected


@given(st.integers(min_value=0, max_value=200_000))
def test_quota_matches_reference(headcount):
    assert rules.quota(headcount, small_minimum=SMALL, bands=BANDS, top=TOP).quota == reference_quota(headcount)


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_quota_never_falls_as_staff_grows(a, b):
    low, high = sorted((a, b))
    q = lambda h: rules.quota(h, small_minimum=SMALL, bands=BANDS, top=TOP).quota  # noqa: E731
    assert q(low) <= q(high) <= max(high, 0)


def reference_composition(front: int, managers: int, other: int, share: Decimal) -> bool:
    total = front + managers + other
    return (total == 0 or front > total / 2) and managers * 100 <= total * int(share * 100)


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=400),
    st.sampled_from([Decimal("0.20"), Decimal("0.25"), Decimal("0.10"), Decimal("0.50")]),
)
def test_composition_matches_reference(front, managers, other, share):
    found = rules.composition(total=front + managers + other, front_line=front, managers=managers, manager_share=share)
    assert found.ok == reference_composition(front, managers, other, share)


def test_composition_edges():
    share = Decimal("0.20")
    assert rules.composition(total=10, front_line=6, managers=2, manager_share=share).ok
    assert not rules.composition(total=10, front_line=6, managers=3, manager_share=share).managers_within
    assert not rules.composition(total=10, front_line=5, managers=0, manager_share=share).front_line_majority


def test_invalid_bands_are_refused():
    from django.core.exceptions import ValidationError

    bad = {
        **DEFAULT_QUOTA_BANDS,
        "bands": [{"from": 1000, "base": 1, "per": 1, "add": 1}, {"from": 100, "base": 1, "per": 1, "add": 1}],
    }
    with pytest.raises(ValidationError):
        parse_quota_bands(bad)
    with pytest.raises(ValidationError):
        parse_quota_bands({"bands": []})


@pytest.mark.django_db
def test_quota_trace_names_the_policy(world):
    found, trace = rules.explain_quota(unit=world.child, on=date(2026, 1, 1), headcount=350)
    assert found.quota == 54
    assert trace.results[0].value == 54
    assert any(line.policy and line.policy["key"] == "congress.quota_bands" for line in trace.lines)
