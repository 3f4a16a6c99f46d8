"""``cents``: money read back from the database, made exact to the fen in one place (issue 22)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.common.money import cents


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (None, "0.00"),
        (Decimal("27050.0000000000"), "27050.00"),  # what SQLite's converter hands back for a sum
        (Decimal("0.300000000000000"), "0.30"),
        (0.30000000000000004, "0.30"),  # a float from the driver: its shortest text, never its binary expansion
        (Decimal("-1200.5"), "-1200.50"),
        (Decimal("0.005"), "0.01"),  # half up
        (Decimal("-0.005"), "-0.01"),
        (7, "7.00"),
    ],
)
def test_cents(raw, want):
    assert str(cents(raw)) == want


@given(st.lists(st.decimals(min_value=Decimal("-999999.99"), max_value=Decimal("999999.99"), places=2), max_size=30))
def test_a_float_sum_of_fen_amounts_comes_back_exact(amounts):
    """Summing in floating point (as SQLite does) then ``cents`` gives the exact decimal sum."""
    float_sum = sum(float(a) for a in amounts)
    assert cents(float_sum) == sum(amounts, Decimal("0.00"))
    assert cents(float_sum).as_tuple().exponent == -2
