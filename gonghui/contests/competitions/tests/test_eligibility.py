"""Eligibility against a reference model: age in whole years on the contest's first day within the bounds, years in
the trade at least the minimum, the required certificate among those held; a missing birth date is never eligible."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.contests.competitions import eligibility


def ref_age(birth: date, on: date) -> int:
    age = 0
    while True:
        try:
            anniversary = birth.replace(year=birth.year + age + 1)
        except ValueError:  # 29 February in a common year: the birthday counts from 1 March
            anniversary = date(birth.year + age + 1, 3, 1)
        if anniversary > on:
            return age
        age += 1


@settings(max_examples=300, deadline=None)
@given(
    birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2010, 12, 31)),
    offset=st.integers(min_value=0, max_value=365 * 3),
    min_age=st.integers(min_value=16, max_value=40),
    span=st.integers(min_value=0, max_value=30),
    years=st.integers(min_value=0, max_value=40),
    min_years=st.integers(min_value=0, max_value=20),
    cert=st.sampled_from(["", "数控车工四级", "电工证"]),
    held=st.sampled_from(["", "数控车工四级", "电工证、数控车工四级", "焊工证; 电工 证"]),
)
def test_eligibility_matches_the_reference(birth, offset, min_age, span, years, min_years, cert, held):
    on = date(2026, 1, 1) + timedelta(days=offset)
    rules = eligibility.Rules(on=on, min_age=min_age, max_age=min_age + span, min_years=min_years, certificate=cert)
    ok, trace = eligibility.explain(rules=rules, birth_date=birth, years_in_trade=years, certificates=held)
    names = [n.replace(" ", "") for n in held.replace("、", ";").split(";")]
    want = min_age <= ref_age(birth, on) <= min_age + span and years >= min_years and (not cert or cert in names)
    assert ok == want
    assert eligibility.age_on(birth, on) == ref_age(birth, on)
    assert trace.results[-1].value == ("符合条件" if want else "不符合条件")


def test_missing_birth_date_is_not_eligible_and_says_why():
    rules = eligibility.Rules(on=date(2026, 5, 1), min_age=18, max_age=60, min_years=0)
    ok, trace = eligibility.explain(rules=rules, birth_date=None, years_in_trade=10, certificates="")
    assert not ok
    assert any(line.formula == "会员出生日期未登记，无法计算年龄" for line in trace.lines)


def test_birthday_on_the_first_day_counts():
    assert eligibility.age_on(date(2008, 5, 1), date(2026, 5, 1)) == 18
    assert eligibility.age_on(date(2008, 5, 2), date(2026, 5, 1)) == 17
    assert eligibility.age_on(date(2004, 2, 29), date(2026, 2, 28)) == 21
    assert eligibility.age_on(date(2004, 2, 29), date(2026, 3, 1)) == 22
