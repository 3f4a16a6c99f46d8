from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz.testing import build_world
from gonghui.workdays import cache
from gonghui.workdays.models import DayKind
from gonghui.workdays.selectors import (
    add_working_days,
    calendar_year,
    is_working_day,
    working_days_between,
    year_grid,
)
from gonghui.workdays.services import calendar_day_clear, calendar_day_set, seed_calendar
from gonghui.workdays.tests.factories import calendar_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    for year in (2025, 2026, 2027):
        seed_calendar(year)


def test_without_rows_monday_to_friday_are_working_days():
    monday = date(2031, 3, 3)
    week = [is_working_day(monday + timedelta(days=i)) for i in range(7)]
    assert week == [True, True, True, True, True, False, False]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("day", [date(2026, 10, d) for d in range(1, 8)])
def test_national_day_2026_is_seven_days_off(day):
    assert is_working_day(day) is False


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 20), True),  # Sunday, make-up working day for National Day
        (date(2026, 10, 10), True),  # Saturday, make-up working day for National Day
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2026, 10, 8), True),  # the Thursday after the holiday
        (date(2026, 9, 25), False),  # Mid-Autumn Festival (a Friday)
        (date(2026, 2, 14), True),  # Saturday before the Spring Festival, make-up day
        (date(2026, 2, 28), True),  # Saturday after the Spring Festival, make-up day
        (date(2026, 2, 16), False),  # 除夕 2026
        (date(2026, 1, 4), True),  # Sunday, make-up day for New Year
    ],
)
def test_2026_make_up_days_and_holidays(day, working):
    assert is_working_day(day) is working


@pytest.mark.usefixtures("seeded")
def test_add_working_days_across_national_day_2026():
    # Monday 28 September + 5 working days: 29, 30 September, then 1-7 October are off, 8, 9 October and
    # the make-up Saturday 10 October.
    assert add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


@pytest.mark.usefixtures("seeded")
def test_add_working_days_across_spring_festival_2026():
    # Friday 13 February 2026 + 1: Saturday 14 February is a make-up working day.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    # 15-23 February are off: the second working day after the 13th is Tuesday the 24th.
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


@pytest.mark.usefixtures("seeded")
def test_add_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(date(2026, 10, 9), 0) == date(2026, 10, 9)
    assert add_working_days(date(2026, 10, 1), 0) == date(2026, 10, 8)
    assert add_working_days(date(2026, 10, 11), 0) == date(2026, 10, 12)


def test_add_working_days_refuses_negative_counts():
    with pytest.raises(ValueError, match="n must be"):
        add_working_days(date(2026, 1, 5), -1)


@pytest.mark.usefixtures("seeded")
def test_working_days_between_is_antisymmetric_and_zero_on_the_same_day():
    a, b = date(2026, 9, 28), date(2026, 10, 13)
    assert working_days_between(a, a) == 0
    assert working_days_between(b, a) == -working_days_between(a, b)


@pytest.mark.usefixtures("seeded")
def test_add_working_days_crosses_into_the_next_year():
    # 31 December 2026 (Thursday) + 1 → Friday 1 January 2027 is 元旦 (provisional), so Monday 4 January.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 11, 30)), n=st.integers(1, 40))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(seeded, start, n):
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    assert working_days_between(start, result) == n
    assert working_days_between(start, result - timedelta(days=1)) == n - 1


@pytest.mark.usefixtures("seeded")
def test_calendar_year_and_grid_class_each_day():
    rows = calendar_year(2026)
    assert rows == sorted(rows, key=lambda r: r.date)
    months = year_grid(2026, rows)
    assert len(months) == 12
    october = {d.date: d for week in months[9].weeks for d in week if d.in_month}
    assert october[date(2026, 10, 1)].css == "holiday"
    assert october[date(2026, 10, 1)].name == "国庆节"
    assert october[date(2026, 10, 10)].css == "workday"
    assert october[date(2026, 10, 11)].css == "weekend"
    assert october[date(2026, 10, 12)].css == ""
    assert all(len(week) == 7 for m in months for week in m.weeks)


def test_a_staff_edit_is_seen_at_once_in_the_same_transaction(world):
    admin = calendar_admin(world)
    day = date(2030, 6, 3)  # a Monday
    assert is_working_day(day)
    calendar_day_set(actor=admin, day=day, kind=DayKind.HOLIDAY, name="测试假日")
    assert not is_working_day(day)
    calendar_day_clear(actor=admin, day=day)
    assert is_working_day(day)


@pytest.mark.django_db(transaction=True)
def test_cache_serves_committed_years_and_follows_every_write(django_assert_num_queries):
    world = build_world()
    admin = calendar_admin(world)
    cache.clear()
    try:
        seed_calendar(2026)
        assert is_working_day(date(2026, 10, 1)) is False  # loads and caches 2026 (autocommit read)
        with django_assert_num_queries(0):
            assert is_working_day(date(2026, 10, 2)) is False
            assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)

        calendar_day_set(actor=admin, day=date(2026, 10, 8), kind=DayKind.HOLIDAY, name="调整")
        assert is_working_day(date(2026, 10, 8)) is False

        # A write that is rolled back never reaches the cache; the open transaction sees its own write.
        with transaction.atomic():
            calendar_day_clear(actor=admin, day=date(2026, 10, 8))
            assert is_working_day(date(2026, 10, 8)) is True
            transaction.set_rollback(True)
        assert is_working_day(date(2026, 10, 8)) is False
    finally:
        cache.clear()
