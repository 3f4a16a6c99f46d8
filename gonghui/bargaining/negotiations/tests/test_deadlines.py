"""Every statutory deadline of a case on the working-day calendar (2026 and 2027 holidays and make-up working days
seeded), against a small reference model written from the rules in ``docs/bargaining.md``: working-day periods
count the working days after the start; calendar-day periods end ``n`` days after the start, moved to the next
working day when that day is a holiday or a weekend that is not a make-up day. Each deadline stores the policy
record it used; a new policy version applies to periods that start on or after its effective date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.bargaining.models import CaseDeadline, DeadlineKind
from gonghui.bargaining.negotiations import rules, services
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f
from gonghui.workdays.models import CalendarDay, DayKind
from gonghui.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db

# (deadline kind, policy key, day unit, default amount)
PERIODS = [
    (DeadlineKind.REPLY, "bargaining.reply_working_days", "working", 10),
    (DeadlineKind.VOTE, "bargaining.vote_working_days", "working", 15),
    (DeadlineKind.FILING, "bargaining.filing_days", "calendar", 10),
    (DeadlineKind.OBJECTION, "bargaining.objection_days", "calendar", 15),
    (DeadlineKind.PUBLISH, "bargaining.publish_working_days", "working", 5),
]


@pytest.fixture
def calendar_rows() -> dict[date, str]:
    for year in (2026, 2027):
        seed_calendar(year)
    return dict(CalendarDay.objects.values_list("date", "kind"))


def reference_is_working(day: date, rows: dict[date, str]) -> bool:
    if day in rows:
        return rows[day] == DayKind.WORKDAY
    return day.weekday() < 5


def reference_due(start: date, amount: int, day_unit: str, rows: dict[date, str]) -> date:
    if day_unit == "working":
        day, left = start, amount
        while left:
            day += timedelta(days=1)
            if reference_is_working(day, rows):
                left -= 1
        return day
    day = start + timedelta(days=amount)
    while not reference_is_working(day, rows):
        day += timedelta(days=1)
    return day


def test_the_reference_knows_the_2026_national_day(calendar_rows):
    # Signed on Monday 21 September 2026: 10 calendar days end on 1 October, in the National Day holiday (1-7
    # October): the filing deadline moves to Thursday 8 October.
    assert reference_due(date(2026, 9, 21), 10, "calendar", calendar_rows) == date(2026, 10, 8)
    assert rules.due_date(date(2026, 9, 21), 10, "calendar") == date(2026, 10, 8)
    # A request made on Friday 25 September 2026 (Mid-Autumn Festival): the reply period skips the National Day
    # holiday and counts the make-up Saturday 10 October.
    assert rules.due_date(date(2026, 9, 25), 10, "working") == reference_due(
        date(2026, 9, 25), 10, "working", calendar_rows
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 11, 1)),
    period=st.sampled_from(PERIODS),
)
def test_every_deadline_matches_the_reference(world, calendar_rows, start, period):
    kind, key, day_unit, amount = period
    case = f.case_at(world.child)
    deadline = services.deadline_start(case, kind, key=key, day_unit=day_unit, start=start)
    assert (deadline.amount, deadline.day_unit) == (amount, day_unit)
    assert deadline.due_on == reference_due(start, amount, day_unit, calendar_rows)
    assert reference_is_working(deadline.due_on, calendar_rows)
    assert deadline.policy["key"] == key
    assert deadline.escalates is (kind != DeadlineKind.OBJECTION)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30)))
def test_the_request_stores_its_reply_deadline(world, calendar_rows, start):
    staff = world.staff("dl", world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])
    case = services.case_request(
        actor=staff, unit=world.child, level="employer", kind="wage", title="工资协商", initiated_by="union",
        requested_on=start, employer=f.employer_of(world.child),
    )  # fmt: skip
    reply = CaseDeadline.objects.get(case=case, kind=DeadlineKind.REPLY)
    assert reply.due_on == reference_due(start, 10, "working", calendar_rows)


def test_a_new_policy_version_applies_from_its_effective_date(world, calendar_rows):
    from gonghui.policy.services import policy_seed

    admin = world.staff("pol", world.province, ["policy.view_policy", "policy.manage_policy"])
    policy_seed(
        actor=admin,
        key="bargaining.reply_working_days",
        unit=world.target,
        value=7,
        effective_from=date(2026, 3, 1),
        note="测试版本",
    )
    case = f.case_at(world.child)
    before = services.deadline_start(
        case, DeadlineKind.REPLY, key="bargaining.reply_working_days", day_unit="working", start=date(2026, 2, 27)
    )
    assert before.amount == 10
    assert before.policy["record_id"] is None
    after = services.deadline_start(
        case, DeadlineKind.REPLY, key="bargaining.reply_working_days", day_unit="working", start=date(2026, 3, 2)
    )
    assert after.amount == 7
    assert after.policy["record_id"] is not None
    assert after.due_on == reference_due(date(2026, 3, 2), 7, "working", calendar_rows)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 1), 12, date(2026, 12, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 27)),
        (date(2026, 3, 15), 36, date(2029, 3, 14)),
    ],
)
def test_term_end(start, months, end):
    assert rules.term_end(start, months) == end


@given(total=st.integers(0, 2000), votes=st.integers(0, 2000))
def test_vote_passes_with_more_than_half_of_all(total, votes):
    from decimal import Decimal

    votes = min(votes, total)
    assert rules.vote_passes(votes, total, Decimal("0.50")) is (total > 0 and 2 * votes > total)
