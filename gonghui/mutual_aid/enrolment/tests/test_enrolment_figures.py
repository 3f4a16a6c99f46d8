"""The fee figures against a small reference model (hypothesis): a joiner's pro-rata fee and the enrolment rate of the
statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from gonghui.mutual_aid.enrolment.services import months_left, pro_rata
from gonghui.mutual_aid.stats.selectors import rate

fees = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
months = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 1)).map(lambda d: d.replace(day=1))


def _round_half_up(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    scaled = value * scale
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, scale)


@given(fee=fees, month=months, end_year=st.integers(2020, 2031), end_month=st.integers(1, 12))
def test_pro_rata_against_reference(fee, month, end_year, end_month):
    ends = date(end_year, end_month, 28)
    left = max(0, min(12, (end_year - month.year) * 12 + end_month - month.month + 1))
    assert months_left(month, ends) == left
    expected = _round_half_up(Fraction(fee) * left / 12, 2)
    got = pro_rata(fee, month, ends)
    assert Fraction(got) == expected
    assert Decimal("0") <= got <= fee


@given(enrolled=st.integers(0, 10**7), extra=st.integers(0, 10**7))
def test_rate_against_reference(enrolled, extra):
    active = enrolled + extra
    got = rate(enrolled, active)
    if active == 0:
        assert got == 0
        return
    assert Fraction(got) == _round_half_up(Fraction(enrolled, active), 4)
    assert Decimal(0) <= got <= Decimal(1)
