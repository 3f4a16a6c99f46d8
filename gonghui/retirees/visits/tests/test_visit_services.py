"""Visits, the services: the matrix of planning, recording and cancelling; explicit transitions with events; the
birthday job plans milestone birthdays ahead, once per member and year (a property test of the milestone and window
rule against a reference); overdue visits on the console home panel up the tree."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz.testing import service_matrix
from gonghui.retirees.models import Visit, VisitEvent, VisitReason, VisitStatus
from gonghui.retirees.permissions import MANAGE_VISITS, VIEW_RETIREES
from gonghui.retirees.tests import factories as f
from gonghui.retirees.visits import panels, services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


def test_plan_matrix_and_retired_only(world):
    member = f.retiree(world)
    service_matrix(
        world,
        MANAGE_VISITS,
        lambda actor, w: services.visit_plan(actor=actor, member=member, reason="illness", planned_on=TODAY),
        state=lambda w: Visit.objects.count(),
        view_perm=VIEW_RETIREES,
    )
    with pytest.raises(ValidationError):
        services.visit_plan(
            actor=f.staff(world), member=f.retiree(world, status="active"), reason="illness", planned_on=TODAY
        )


def test_done_matrix_and_record(world):
    visit = f.visit(f.retiree(world), planned_on=TODAY)
    record = services.VisitRecord(done_on=TODAY, visitors="张主席、李干事", notes="精神很好", gift_value="200")
    service_matrix(
        world,
        MANAGE_VISITS,
        lambda actor, w: services.visit_done(actor=actor, visit=visit, data=record, today=TODAY),
        state=lambda w: Visit.objects.get(pk=visit.pk).status,
        view_perm=VIEW_RETIREES,
    )
    staff = f.staff(world)
    with pytest.raises(ValidationError):  # not in the future
        services.visit_done(
            actor=staff,
            visit=visit,
            data=services.VisitRecord(done_on=TODAY + timedelta(days=1), visitors="张"),
            today=TODAY,
        )
    done = services.visit_done(actor=staff, visit=visit, data=record, today=TODAY)
    assert (done.status, done.gift_value, done.visitors) == (VisitStatus.DONE, Decimal("200.00"), "张主席、李干事")
    assert list(VisitEvent.objects.filter(visit=visit).values_list("action", "to_status")) == [("done", "done")]
    with pytest.raises(ValidationError):  # done once
        services.visit_cancel(actor=staff, visit=visit, reason="重复")


def test_cancel_needs_reason(world):
    visit = f.visit(f.retiree(world))
    staff = f.staff(world)
    with pytest.raises(ValidationError):
        services.visit_cancel(actor=staff, visit=visit, reason=" ")
    assert services.visit_cancel(actor=staff, visit=visit, reason="已住院转院").status == VisitStatus.CANCELLED


def test_birthday_job_plans_milestones_once_a_year(world):
    eighty = f.retiree(world, birth=date(1946, 12, 10))  # 80 on 2026-12-10
    seventy_nine = f.retiree(world, birth=date(1947, 12, 10))
    ninety_three = f.retiree(world, birth=date(1933, 12, 15))  # every year from 90
    far = f.retiree(world, birth=date(1946, 12, 31))  # 80, but beyond 14 days
    f.retiree(world, birth=date(1946, 12, 12), status="active")  # not retired
    assert services.birthday_visits_plan(today=TODAY) == 2
    planned = {v.member_id: v for v in Visit.objects.filter(reason=VisitReason.BIRTHDAY)}
    assert set(planned) == {eighty.pk, ninety_three.pk}
    assert (planned[eighty.pk].planned_on, planned[eighty.pk].milestone_age) == (date(2026, 12, 10), 80)
    assert planned[eighty.pk].created_by is None
    assert services.birthday_visits_plan(today=TODAY) == 0
    assert services.birthday_visits_plan(today=TODAY + timedelta(days=1)) == 0
    assert seventy_nine.pk not in planned
    assert far.pk not in planned
    assert services.birthday_visits_plan(today=date(2026, 12, 20)) == 1  # the 31st comes within reach


def test_birthday_window_across_new_year_and_29_february():
    assert services.upcoming_birthday(date(1946, 1, 3), date(2026, 12, 25), 14) == date(2027, 1, 3)
    assert services.upcoming_birthday(date(1936, 2, 29), date(2027, 2, 20), 14) == date(2027, 2, 28)
    assert services.upcoming_birthday(date(1936, 2, 29), date(2028, 2, 20), 14) == date(2028, 2, 29)


def _reference(birth: date, today: date, ahead: int, ages: list[int], every: int) -> date | None:
    for n in range(ahead + 1):
        day = today + timedelta(days=n)
        same = (day.month, day.day) == (birth.month, birth.day)
        leap_fallback = (
            (birth.month, birth.day) == (2, 29)
            and (day.month, day.day) == (2, 28)
            and not (day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0))
        )
        if same or leap_fallback:
            age = day.year - birth.year
            return day if age in ages or age >= every else None
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    birth=st.dates(min_value=date(1920, 1, 1), max_value=date(1966, 12, 31)),
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    ahead=st.integers(min_value=1, max_value=60),
    ages=st.lists(st.integers(min_value=60, max_value=100), max_size=4),
    every=st.integers(min_value=85, max_value=110),
)
def test_milestone_rule_matches_reference(birth, today, ahead, ages, every):
    day = services.upcoming_birthday(birth, today, ahead)
    got = day if day is not None and services.is_milestone(day.year - birth.year, ages, every) else None
    assert got == _reference(birth, today, ahead, ages, every)


def test_overdue_panel_counts_up_the_tree(world):
    late = f.visit(f.retiree(world), planned_on=date.today() - timedelta(days=3))
    f.visit(f.retiree(world), planned_on=date.today() + timedelta(days=3))
    f.visit(f.retiree(world, unit=world.sibling), planned_on=date.today() - timedelta(days=3))
    for unit, expected in ((world.target, (2, 1)), (world.province, (3, 2))):
        (waiting,) = panels.waiting(f.staff(world, unit, VIEW_RETIREES))
        assert (waiting.count, waiting.overdue) == expected
        assert waiting.oldest == late.planned_on
    assert panels.waiting(f.staff(world, world.target, MANAGE_VISITS)) == []
