from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY
from gonghui.common.models import AppendOnlyError
from gonghui.review import selectors, transitions
from gonghui.review.demo import DEMO_UNIT_APPLICATION, ensure_demo_processes
from gonghui.review.hooks import register_outcome_handler, unregister_outcome_handler
from gonghui.review.models import (
    CaseStatus,
    Objection,
    ObjectionStatus,
    ReviewCase,
    ReviewEvent,
)
from gonghui.review.services import (
    case_act,
    case_resubmit,
    case_submit,
    case_withdraw,
    objection_raise,
    objection_resolve,
    publicity_close,
)
from gonghui.review.tests.factories import act, cast_of, four_levels, fresh, make_process, step_name, subject, submit
from gonghui.workdays.services import seed_calendar

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, tzinfo=SHANGHAI)


def actions(case: ReviewCase) -> list[tuple[str, str, str]]:
    return list(ReviewEvent.objects.filter(case=case).order_by("id").values_list("action", "from_status", "to_status"))


def test_approve_path_through_all_levels(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    assert (case.status, step_name(case), case.current_unit) == ("in_review", "基层审核", world.child)
    expected = [
        (people.grassroots, "县级审核", world.target),
        (people.county, "市级审核", world.city),
        (people.city, "省级审核", world.province),
    ]
    for reviewer, next_step, next_unit in expected:
        case = act(reviewer, case)
        assert case.status == CaseStatus.IN_REVIEW
        assert (step_name(case), case.current_unit) == (next_step, next_unit)
    case = act(people.province, case, comment="同意")
    case = fresh(case)
    assert case.status == CaseStatus.APPROVED
    assert case.current_step is None
    assert case.current_unit is None
    assert case.due_on is None
    assert case.closed_at is not None
    assert case.version == 5
    assert actions(case) == [
        ("submit", "", "in_review"),
        ("approve", "in_review", "in_review"),
        ("approve", "in_review", "in_review"),
        ("approve", "in_review", "in_review"),
        ("approve", "in_review", "approved"),
    ]
    units = list(ReviewEvent.objects.filter(case=case, action="approve").order_by("id").values_list("unit", flat=True))
    assert units == [world.child.pk, world.target.pk, world.city.pk, world.province.pk]
    assert AuditEvent.objects.filter(action__startswith="review.case_", target_id=str(case.pk)).count() == 5


def test_depth_levels_are_skipped_for_a_shallow_unit(world):
    people = cast_of(world)
    city_clerk = world.staff("cityclerk", world.city, ["review.view_case", "review.submit_case"])
    process = four_levels()
    case = submit(city_clerk, process, world.city)
    # 基层审核 (subject) and 市级审核 (city) both resolve to the city federation: both apply, one after the
    # other; 县级审核 does not apply to a city-level case.
    assert (step_name(case), case.current_unit) == ("基层审核", world.city)
    case = act(people.city, case)
    assert (step_name(case), case.current_unit) == ("市级审核", world.city)
    case = act(people.city, case)
    assert (step_name(case), case.current_unit) == ("省级审核", world.province)
    case = act(people.province, case)
    assert fresh(case).status == CaseStatus.APPROVED
    states = {s.step.name: s.state for s in selectors.case_steps(case=case, events=selectors.case_events(case=case))}
    assert states == {"基层审核": "done", "县级审核": "skipped", "市级审核": "done", "省级审核": "done"}


def test_parent_level_resolves_to_the_parent_and_is_skipped_for_a_root(world):
    people = cast_of(world)
    process = make_process("test.parent", [("上级审核", "parent")])
    case = submit(people.clerk, process, world.child)
    assert case.current_unit == world.target
    root_clerk = world.staff("rootclerk", world.province, ["review.view_case", "review.submit_case"])
    with pytest.raises(ValidationError, match="没有适用"):
        submit(root_clerk, process, world.province)


def test_return_resubmit_then_approve(world):
    people = cast_of(world)
    process = make_process("test.two", [("基层审核", "subject"), ("县级审核", "county")])
    case = submit(people.clerk, process, world.child)
    case = act(people.grassroots, case)
    with pytest.raises(ValidationError):
        act(people.county, case, "return", comment="  ")
    assert fresh(case).status == CaseStatus.IN_REVIEW
    case = act(people.county, case, "return", comment="请补充职工名册")
    case = fresh(case)
    assert case.status == CaseStatus.RETURNED
    assert step_name(case) == "县级审核"
    assert case.current_unit == world.child  # the applicant's side acts now
    assert case.due_on is None
    # Only the submitter or staff of the case's unit with review.submit_case may resubmit.
    with pytest.raises(PermissionDenied):
        case_resubmit(actor=people.grassroots, case=case, expected_version=case.version)
    with pytest.raises(Http404):
        case_resubmit(actor=world.member, case=case, expected_version=case.version)
    case = case_resubmit(actor=people.clerk, case=case, expected_version=case.version, comment="已补充")
    case = fresh(case)
    assert (case.status, step_name(case), case.current_unit) == ("in_review", "县级审核", world.target)
    assert case.due_on is not None
    act(people.county, case)
    assert fresh(case).status == CaseStatus.APPROVED
    assert [a for a, _f, _t in actions(case)] == ["submit", "approve", "return", "resubmit", "approve"]


def test_reject_requires_a_reason_and_is_final(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    with pytest.raises(ValidationError):
        act(people.grassroots, case, "reject")
    assert fresh(case).version == 1
    act(people.grassroots, case, "reject", comment="不符合建会条件")
    case = fresh(case)
    assert case.status == CaseStatus.REJECTED
    assert case.closed_at is not None
    event = ReviewEvent.objects.filter(case=case).latest("id")
    assert (event.action, event.comment) == ("reject", "不符合建会条件")
    with pytest.raises(ValidationError):
        case_act(actor=people.grassroots, case=case, action="approve", expected_version=case.version)


def test_withdraw_by_the_submitter_only(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    with pytest.raises(PermissionDenied):
        case_withdraw(actor=people.county, case=case, expected_version=case.version)
    with pytest.raises(Http404):
        case_withdraw(actor=world.actor("sibling", "review.view_case"), case=case, expected_version=case.version)
    case_withdraw(actor=people.clerk, case=case, expected_version=case.version, comment="重复提交")
    case = fresh(case)
    assert case.status == CaseStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        case_withdraw(actor=people.clerk, case=case, expected_version=case.version)


def test_a_worker_may_submit_their_own_application_and_withdraw_it(world):
    process = make_process("test.member", [("基层审核", "subject")])
    case = submit(world.member, process, world.child, title="入会申请 王*芳")
    assert case.submitted_by == world.member
    assert list(selectors.my_cases(actor=world.member)) == [case]
    assert selectors.my_case_get(actor=world.member, case_id=case.pk) == case
    case_withdraw(actor=world.member, case=case, expected_version=case.version)
    assert fresh(case).status == CaseStatus.WITHDRAWN


def test_submit_requires_a_signed_in_actor_who_sees_the_unit(world):
    from django.contrib.auth.models import AnonymousUser

    process = four_levels()
    with pytest.raises(PermissionDenied):
        submit(AnonymousUser(), process, world.child)
    with pytest.raises(Http404):
        submit(world.actor("sibling", "review.view_case"), process, world.child)
    assert not ReviewCase.objects.exists()


def test_one_open_case_per_subject_and_process(world):
    people = cast_of(world)
    process = four_levels()
    employer = subject(world.child)
    case = submit(people.clerk, process, world.child, subject_obj=employer)
    with pytest.raises(ValidationError, match="办理中"):
        submit(people.clerk, process, world.child, subject_obj=employer)
    other = make_process("test.other", [("基层审核", "subject")])
    submit(people.clerk, other, world.child, subject_obj=employer)  # another process is fine
    case_withdraw(actor=people.clerk, case=case, expected_version=case.version)
    submit(people.clerk, process, world.child, subject_obj=employer)  # after withdrawal, a new case


def test_inactive_or_unknown_process_is_refused(world):
    people = cast_of(world)
    process = four_levels()
    process.is_active = False
    process.save()
    with pytest.raises(ValidationError):
        submit(people.clerk, process, world.child)
    with pytest.raises(ValidationError):
        case_submit(actor=people.clerk, process_code="no.such", unit=world.child, subject=world.child, title="x")


def test_deadlines_are_counted_in_working_days_over_national_day(world):
    seed_calendar(2026)
    people = cast_of(world)
    process = make_process("test.deadline", [("基层审核", "subject"), ("县级审核", "county")])
    with time_machine.travel(at(2026, 9, 30), tick=False):
        case = submit(people.clerk, process, world.child)
    # 5 working days after Wednesday 30 September: 1-7 October are off, then 8, 9, Saturday 10 (make-up
    # working day), 12 and 13 October.
    assert (case.step_started_on, case.due_on) == (date(2026, 9, 30), date(2026, 10, 13))
    with time_machine.travel(at(2026, 10, 9), tick=False):
        case = act(people.grassroots, case)
    assert (case.step_started_on, case.due_on) == (date(2026, 10, 9), date(2026, 10, 15))
    with time_machine.travel(at(2026, 10, 16), tick=False):
        assert fresh(case).is_overdue
        assert list(selectors.overdue_cases(actor=people.county)) == [case]
    with time_machine.travel(at(2026, 10, 15), tick=False):
        assert not fresh(case).is_overdue


def _publicity_case(world, people):
    seed_calendar(2026)
    process = make_process("test.publicity", [("县级审核", "county"), ("公示", "county", "publicity")])
    with time_machine.travel(at(2026, 9, 28), tick=False):
        case = submit(people.clerk, process, world.child)
        case = act(people.county, case)
    return fresh(case)


def test_publicity_objection_blocks_close_until_dismissed(world):
    people = cast_of(world)
    case = _publicity_case(world, people)
    assert case.status == CaseStatus.IN_PUBLICITY
    # Five working days from Monday 28 September over National Day: 29, 30 September, 8, 9, 10 October.
    assert case.publicity_ends_on == date(2026, 10, 10)
    assert [a for a, _f, _t in actions(case)][-2:] == ["approve", "publicity_start"]

    with time_machine.travel(at(2026, 9, 29), tick=False):
        with pytest.raises(ValidationError, match="公示期至"):
            publicity_close(actor=people.county, case=case, expected_version=case.version)
        objection = objection_raise(
            actor=None, case=case, contact_name="李四", contact_phone="139 1234 5678", content="该单位实际职工不足"
        )
    assert objection.contact_phone == "13912345678"
    assert objection.masked_phone == "139****5678"
    case = fresh(case)
    with time_machine.travel(at(2026, 10, 12), tick=False):
        with pytest.raises(ValidationError, match="异议未处理"):
            publicity_close(actor=people.county, case=case, expected_version=case.version)
        objection_resolve(actor=people.county, objection=objection, upheld=False, resolution="经核实，职工 32 人")
        case = fresh(case)
        publicity_close(actor=people.county, case=case, expected_version=case.version)
    case = fresh(case)
    assert case.status == CaseStatus.APPROVED
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED
    assert [a for a, _f, _t in actions(case)][-4:] == [
        "publicity_start",
        "objection",
        "objection_resolve",
        "publicity_close",
    ]


def test_upheld_objection_makes_close_reject(world):
    people = cast_of(world)
    case = _publicity_case(world, people)
    objection = objection_raise(
        actor=world.member, case=case, contact_name="王五", contact_phone="13800001111", content="材料不实"
    )
    assert objection.raised_by == world.member
    with pytest.raises(ValidationError):
        objection_resolve(actor=people.county, objection=objection, upheld=True, resolution="")
    objection_resolve(actor=people.county, objection=objection, upheld=True, resolution="材料存在虚报")
    with pytest.raises(ValidationError, match="已处理"):
        objection_resolve(actor=people.county, objection=objection, upheld=False, resolution="再次处理")
    case = fresh(case)
    with time_machine.travel(at(2026, 10, 10), tick=False):
        publicity_close(actor=people.county, case=case, expected_version=case.version)
    case = fresh(case)
    assert case.status == CaseStatus.REJECTED
    last = ReviewEvent.objects.filter(case=case).latest("id")
    assert (last.action, last.to_status) == ("publicity_close", "rejected")
    assert "材料存在虚报" in last.comment


def test_objection_validation_and_only_during_publicity(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    with pytest.raises(ValidationError, match="不在公示期"):
        objection_raise(actor=None, case=case, contact_name="李四", contact_phone="13912345678", content="x")
    case = _publicity_case(world, people)
    with pytest.raises(ValidationError) as info:
        objection_raise(actor=None, case=case, contact_name="李四", contact_phone="0571-1234", content="x")
    assert "contact_phone" in info.value.error_dict
    with pytest.raises(ValidationError):
        objection_raise(actor=None, case=case, contact_name="", contact_phone="13912345678", content="x")
    assert not Objection.objects.exists()


def test_first_step_publicity_opens_at_submit(world):
    people = cast_of(world)
    process = make_process("test.pub_first", [("公示", "subject", "publicity"), ("县级审核", "county")])
    case = submit(people.clerk, process, world.child)
    assert case.status == CaseStatus.IN_PUBLICITY
    assert case.publicity_ends_on is not None
    assert [a for a, _f, _t in actions(case)] == ["submit", "publicity_start"]


def test_double_approval_with_the_same_version_makes_one_transition(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    seen = fresh(case).version
    case_act(actor=people.grassroots, case=fresh(case), action="approve", expected_version=seen)
    with pytest.raises(ValidationError) as info:
        case_act(actor=people.grassroots, case=fresh(case), action="approve", expected_version=seen)
    assert info.value.messages == ["该事项已被处理，请刷新页面。"]
    assert ReviewEvent.objects.filter(case=case, action="approve").count() == 1
    assert step_name(fresh(case)) == "县级审核"


def test_the_submitter_cannot_approve_their_own_case(world):
    people = cast_of(world)  # the clerk also holds review.act_case at the grassroots union
    case = submit(people.clerk, four_levels(), world.child)
    with pytest.raises(PermissionDenied):
        act(people.clerk, case)
    assert fresh(case).version == 1
    assert selectors.case_queue(actor=people.clerk).count() == 0
    assert list(selectors.case_queue(actor=people.grassroots)) == [case]


def test_staff_of_the_case_unit_see_but_cannot_act_at_a_higher_step(world):
    people = cast_of(world)
    case = act(people.grassroots, submit(people.clerk, four_levels(), world.child))
    assert selectors.case_get(actor=people.grassroots, case_id=case.pk) == case
    with pytest.raises(PermissionDenied):
        act(people.grassroots, case)
    assert selectors.case_queue(actor=people.grassroots).count() == 0
    assert list(selectors.case_queue(actor=people.county)) == [case]
    # A role applies to the unit's whole subtree: the city may act at the county's step too.
    assert list(selectors.case_queue(actor=people.city)) == [case]
    outsider = world.staff("sibreviewer", world.sibling, ["review.view_case", "review.act_case"])
    assert list(selectors.case_queue(actor=outsider)) == []


def test_outcome_handler_is_called_once_on_approval(world):
    people = cast_of(world)
    process = make_process("test.hooked", [("基层审核", "subject"), ("县级审核", "county")])
    calls = []

    def handler(case, event):
        calls.append((case.pk, case.status, event.action))

    register_outcome_handler(process.code, handler)
    register_outcome_handler(process.code, handler)  # registering twice has no effect
    try:
        case = submit(people.clerk, process, world.child)
        case = act(people.grassroots, case)
        assert calls == []
        act(people.county, case)
        assert calls == [(case.pk, "approved", "approve")]
        other = submit(people.clerk, process, world.child)
        act(people.grassroots, other, "return", comment="补材料")
        assert calls[-1] == (other.pk, "returned", "return")
        assert len(calls) == 2
    finally:
        unregister_outcome_handler(process.code, handler)


def test_a_failing_outcome_handler_rolls_the_transition_back(world):
    people = cast_of(world)
    process = make_process("test.failing", [("基层审核", "subject")])
    case = submit(people.clerk, process, world.child)

    def handler(case, event):
        raise RuntimeError("module refused")

    register_outcome_handler(process.code, handler)
    try:
        with pytest.raises(RuntimeError):
            act(people.grassroots, case)
    finally:
        unregister_outcome_handler(process.code, handler)
    assert fresh(case).status == CaseStatus.IN_REVIEW
    assert ReviewEvent.objects.filter(case=case).count() == 1


def test_transition_table_refuses_moves_not_listed():
    assert transitions.is_allowed("", "submit")
    assert not transitions.is_allowed("approved", "approve")
    assert not transitions.is_allowed("returned", "approve")
    assert transitions.actions_from("returned") == {"resubmit", "withdraw"}
    with pytest.raises(ValidationError):
        transitions.require_allowed("rejected", "resubmit")


def test_events_are_append_only(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    event = ReviewEvent.objects.get(case=case)
    event.comment = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ReviewEvent.objects.filter(case=case).update(comment="x")
    with pytest.raises(AppendOnlyError):
        ReviewEvent.objects.filter(case=case).delete()


def test_case_list_filters_and_scope(world):
    people = cast_of(world)
    process = four_levels()
    case = submit(people.clerk, process, world.child)
    sibling_clerk = world.staff("sibclerk", world.sibling, ["review.view_case", "review.submit_case"])
    other = submit(sibling_clerk, process, world.sibling, title="兄弟单位申请")
    assert set(selectors.case_list(actor=people.city)) == {case, other}
    assert list(selectors.case_list(actor=people.county)) == [case]
    assert list(selectors.case_list(actor=people.city, q=CANARY)) == [case]
    assert list(selectors.case_list(actor=people.city, q=str(other.pk))) == [other]
    assert list(selectors.case_list(actor=people.city, status="approved")) == []
    assert set(selectors.case_list(actor=people.city, process=process.code)) == {case, other}
    with pytest.raises(PermissionDenied):
        selectors.case_list(actor=world.member)
    with pytest.raises(Http404):
        selectors.case_get(actor=people.county, case_id=other.pk)
    with pytest.raises(Http404):
        selectors.case_get(actor=people.county, case_id="abc")
    with pytest.raises(Http404):
        selectors.my_case_get(actor=world.member, case_id=case.pk)


def test_case_actions_lists_only_what_will_work(world):
    people = cast_of(world)
    case = submit(people.clerk, four_levels(), world.child)
    assert selectors.case_actions(actor=people.grassroots, case=case) == {"approve", "return", "reject"}
    assert selectors.case_actions(actor=people.clerk, case=case) == {"withdraw"}
    outsider = world.staff("sibreviewer", world.sibling, ["review.view_case", "review.act_case"])
    assert selectors.case_actions(actor=outsider, case=case) == frozenset()
    assert selectors.case_actions(actor=world.member, case=case) == frozenset()
    case = act(people.grassroots, case)
    assert selectors.case_actions(actor=people.grassroots, case=case) == frozenset()
    assert selectors.case_actions(actor=people.county, case=case) == {"approve", "return", "reject"}


def test_demo_process_is_idempotent_and_runs_end_to_end(world):
    seed_calendar(2026)
    (process,) = ensure_demo_processes()
    assert ensure_demo_processes()[0].pk == process.pk
    assert process.code == DEMO_UNIT_APPLICATION
    assert [s.name for s in process.steps.order_by("order")] == ["基层审核", "县级审核", "市级审核", "公示"]
    people = cast_of(world)
    with time_machine.travel(at(2026, 11, 2), tick=False):
        case = submit(people.clerk, process, world.child)
        case = act(people.grassroots, case)
        case = act(people.county, case)
        case = act(people.city, case)
    case = fresh(case)
    assert case.status == CaseStatus.IN_PUBLICITY
    assert case.current_unit == world.city
    assert case.publicity_ends_on == date(2026, 11, 9)
    with time_machine.travel(at(2026, 11, 9), tick=False):
        publicity_close(actor=people.city, case=case, expected_version=case.version)
    assert fresh(case).status == CaseStatus.APPROVED
