"""Every statutory deadline of legal aid and supervision on the working-day calendar (the 2026-2027 official
arrangement: holidays off, make-up weekend days worked), against a reference model that counts the calendar rows
itself; the arbitration limit in calendar days; missed deadlines escalate exactly once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.legal_aid.cases import services
from gonghui.legal_aid.cases.tests import kit
from gonghui.legal_aid.models import CaseEvent, CaseStage, LegalAidCase, NoticeEvent, SupervisionNotice
from gonghui.legal_aid.supervision import services as notices
from gonghui.policy.services import policy_set
from gonghui.workdays.models import CalendarDay, DayKind
from gonghui.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db

DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def calendar() -> dict[date, str]:
    for year in (2026, 2027):
        seed_calendar(year)
    rows = dict(CalendarDay.objects.values_list("date", "kind"))
    assert any(k == DayKind.WORKDAY for k in rows.values())
    assert any(k == DayKind.HOLIDAY for k in rows.values())
    return rows


def reference(start: date, n: int, rows: dict[date, str]) -> date:
    """The day ``n`` working days after ``start`` (``start`` not counted): Monday-Friday unless a holiday row,
    Saturday or Sunday if a make-up working day row."""
    day = start
    while n:
        day += timedelta(days=1)
        kind = rows.get(day)
        if (kind == DayKind.WORKDAY) if kind else day.weekday() < 5:
            n -= 1
    return day


@SLOW
@given(day=DAYS)
def test_decision_due_in_7_working_days(world, calendar, day):
    assert services.decision_due(day, world.child)[0] == reference(day, 7, calendar)


@SLOW
@given(day=DAYS)
def test_lawyer_due_in_3_working_days(world, calendar, day):
    assert services.assign_due(day, world.child)[0] == reference(day, 3, calendar)


@SLOW
@given(day=DAYS)
def test_employer_reply_due_in_15_working_days(world, calendar, day):
    assert notices.reply_due(day, world.child)[0] == reference(day, 15, calendar)


@SLOW
@given(day=DAYS)
def test_arbitration_limit_is_45_calendar_days(world, calendar, day):
    """The statute (劳动争议调解仲裁法 art. 43) counts calendar days: holidays and make-up days change nothing."""
    assert services.arbitration_due(day, world.child)[0] == day + timedelta(days=45)


def test_national_day_and_a_make_up_saturday(world, calendar):
    # Monday 28 September 2026 + 7: 29, 30 September, 1-7 October off, 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert services.decision_due(date(2026, 9, 28), world.child)[0] == date(2026, 10, 13)
    # Wednesday 30 September + 3: 8, 9 and the make-up Saturday 10 October.
    assert services.assign_due(date(2026, 9, 30), world.child)[0] == date(2026, 10, 10)


def test_a_unit_policy_changes_the_deadline_and_is_recorded(world, calendar):
    today = timezone.localdate()
    admin = world.actor("ancestor", "policy.manage_policy")
    record = policy_set(
        actor=admin,
        key="legal_aid.decision_working_days",
        unit=world.target,
        value=5,
        effective_from=today,
        note="区总工会承诺 5 个工作日内答复",
    )
    user, _member = kit.worker(world.child)
    case = kit.apply(user)
    assert case.decision_due_on == reference(today, 5, calendar)
    assert record.pk in case.policy_record_ids
    sibling_user, _m = kit.worker(world.sibling)
    assert kit.apply(sibling_user).decision_due_on == reference(today, 7, calendar)


# --- escalation -----------------------------------------------------------------------------------------------------


def _overdue_cases(world):
    """One case overdue at each deadline and one of each still in time."""
    today = timezone.localdate()
    long_ago = today - timedelta(days=60)
    late_decision = kit.case_at(world, "applied")
    LegalAidCase.objects.filter(pk=late_decision.pk).update(decision_due_on=long_ago)
    kit.case_at(world, "applied")
    late_assign = kit.case_at(world, "accepted")
    LegalAidCase.objects.filter(pk=late_assign.pk).update(assign_due_on=long_ago)
    kit.case_at(world, "accepted")
    late_award = kit.case_at(world, "arbitration")
    LegalAidCase.objects.filter(pk=late_award.pk).update(arbitration_due_on=long_ago)
    kit.case_at(world, "arbitration")
    return late_decision, late_assign, late_award


def test_missed_case_deadlines_escalate_exactly_once(world):
    late_decision, late_assign, late_award = _overdue_cases(world)
    today = timezone.localdate()
    first = services.cases_escalate(today=today)
    assert first == {"escalate_decision": 1, "escalate_assign": 1, "escalate_arbitration": 1}
    fields = ("decision_escalated_at", "assign_escalated_at", "arbitration_escalated_at")
    stamps = {row[0]: row[1:] for row in LegalAidCase.objects.values_list("pk", *fields)}
    for later in (today, today + timedelta(days=1)):
        assert services.cases_escalate(today=later) == {
            "escalate_decision": 0,
            "escalate_assign": 0,
            "escalate_arbitration": 0,
        }
    assert {row[0]: row[1:] for row in LegalAidCase.objects.values_list("pk", *fields)} == stamps
    assert CaseEvent.objects.filter(case=late_decision, action="escalate_decision").count() == 1
    assert CaseEvent.objects.filter(case=late_assign, action="escalate_assign").count() == 1
    assert CaseEvent.objects.filter(case=late_award, action="escalate_arbitration").count() == 1
    assert CaseEvent.objects.filter(action__startswith="escalate").count() == 3


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=st.lists(st.integers(min_value=0, max_value=90), min_size=1, max_size=6))
def test_escalation_once_whatever_the_days_the_job_runs(world, runs):
    """However many times and on whatever days the job runs, each missed deadline has one escalation event, stamped
    on the first run on or after the day after its due day."""
    case = kit.case_at(world, "applied")
    due = case.decision_due_on
    start = due - timedelta(days=10)
    expected_stamped = any(start + timedelta(days=r) > due for r in runs)
    for r in runs:
        services.cases_escalate(today=start + timedelta(days=r))
    events = CaseEvent.objects.filter(case=case, action="escalate_decision").count()
    assert events == (1 if expected_stamped else 0)
    assert (LegalAidCase.objects.get(pk=case.pk).decision_escalated_at is not None) is expected_stamped


def test_a_decided_case_no_longer_escalates(world):
    case = kit.case_at(world, "applied")
    services.case_decide(actor=kit.handler(world), case=case, accept=True)
    assert services.cases_escalate(today=case.decision_due_on + timedelta(days=5))["escalate_decision"] == 0


def test_an_overdue_notice_escalates_exactly_once(world):
    staff = world.staff("jd", world.child, ["legal_aid.view_supervision", "legal_aid.issue_notices"])
    data = notices.NoticeInput(
        employer_name="某厂", finding="未签劳动合同", legal_basis="劳动合同法第十条", demand="一个月内签订"
    )
    late = notices.notice_issue(actor=staff, unit=world.child, data=data, on=date(2026, 6, 1))
    replied = notices.notice_issue(actor=staff, unit=world.child, data=data, on=date(2026, 6, 1))
    notices.notice_reply(actor=staff, notice=replied, reply="已整改", on=date(2026, 6, 10))
    in_time = notices.notice_issue(actor=staff, unit=world.child, data=data)
    assert notices.notices_escalate(today=timezone.localdate()) == 1
    assert notices.notices_escalate(today=timezone.localdate()) == 0
    assert (
        notices.notices_escalate(today=timezone.localdate() + timedelta(days=400)) == 1
    )  # the one still in time, later
    assert NoticeEvent.objects.filter(notice=late, action="overdue").count() == 1
    assert NoticeEvent.objects.filter(notice=in_time, action="overdue").count() == 1
    assert SupervisionNotice.objects.get(pk=replied.pk).overdue_at is None


def test_the_jobs_run(world):
    from gonghui.legal_aid.cases.tasks import escalate_overdue_cases
    from gonghui.legal_aid.supervision.tasks import escalate_overdue_notices

    assert escalate_overdue_cases.call() == {"escalate_decision": 0, "escalate_assign": 0, "escalate_arbitration": 0}
    assert escalate_overdue_notices.call() == {"escalated": 0}
    assert CaseStage.ARBITRATION  # the stage the arbitration deadline watches
