"""The quorum and the pass rule ("more than half of ALL representatives") against a reference model."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.congress.sessions import rules
from gonghui.congress.sessions.policies import parse_fraction


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_pass_rule_is_more_than_half_of_all(votes_for, total):
    votes_for = min(votes_for, total)
    assert rules.passes(votes_for, total, Decimal("0.5")) == (total > 0 and 2 * votes_for > total)


@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_present_does_not_lower_the_bar(total, present):
    """Whatever the attendance, the votes needed depend on ALL representatives only."""
    needed = rules.pass_needed(total, Decimal("0.5"))
    assert needed == total // 2 + 1
    assert rules.passes(needed, total, Decimal("0.5"))
    assert not rules.passes(needed - 1, total, Decimal("0.5"))


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_quorum_two_thirds(total, present):
    present = min(present, total)
    assert rules.has_quorum(present, total, Fraction(2, 3)) == (total > 0 and 3 * present >= 2 * total)


@pytest.mark.parametrize(
    ("text", "value"), [("2/3", Fraction(2, 3)), ("1/2", Fraction(1, 2)), ("0.75", Fraction(3, 4))]
)
def test_fractions(text, value):
    assert parse_fraction(text) == value


@pytest.mark.parametrize("text", ["", "0", "3/2", "a/b", "1/0"])
def test_bad_fractions(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        parse_fraction(text)
