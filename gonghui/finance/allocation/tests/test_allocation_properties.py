"""Properties of the allocation arithmetic (hypothesis): the split always adds up and is never negative; the late
charge equals the day-by-day sum written out naively."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.finance.allocation.services import late_charge, share_amounts

CENT = Decimal("0.01")
amounts = st.integers(min_value=1, max_value=10**11).map(lambda n: Decimal(n) / 100)
ratios = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 100)


@st.composite
def upper_ratios(draw: st.DrawFn) -> dict[str, str]:
    a = draw(st.integers(min_value=0, max_value=100))
    b = draw(st.integers(min_value=0, max_value=100 - a))
    return {"county": str(Decimal(a) / 100), "city": str(Decimal(b) / 100), "province": str(Decimal(100 - a - b) / 100)}


@given(amount=amounts, grassroots=ratios, uppers=upper_ratios())
def test_split_adds_up_and_is_never_negative(amount, grassroots, uppers):
    split = share_amounts(amount, grassroots, uppers)
    assert sum(v for _r, v in split.values()) == amount
    upper = amount * (1 - grassroots)
    assert split["grassroots"][1] == amount - upper.quantize(CENT, rounding=ROUND_HALF_UP)
    for level in ("county", "city", "province"):  # each level within a fen of its exact share
        assert abs(split[level][1] - upper * Decimal(uppers[level])) < CENT
    assert all(v >= 0 for _r, v in split.values())
    assert all(v == v.quantize(CENT) for _r, v in split.values())


@given(
    amount=amounts,
    due=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    payments=st.lists(
        st.tuples(st.integers(min_value=-5, max_value=120), st.integers(min_value=1, max_value=10**8)), max_size=5
    ),
    horizon=st.integers(min_value=-3, max_value=150),
)
def test_late_charge_equals_the_naive_daily_sum(amount, due, payments, horizon):
    receipts = [(due + timedelta(days=d), Decimal(c) / 100) for d, c in payments]
    as_of = due + timedelta(days=horizon)
    rate = Decimal("0.0005")
    naive = Decimal(0)
    days = 0
    day = due + timedelta(days=1)
    while day <= as_of:
        balance = amount - sum((v for when, v in receipts if when < day), Decimal(0))
        if balance > 0:
            naive += balance
            days += 1
        day += timedelta(days=1)
    expected = (naive * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    assert late_charge(amount=amount, due_on=due, receipts=receipts, as_of=as_of, rate=rate) == (days, expected)
