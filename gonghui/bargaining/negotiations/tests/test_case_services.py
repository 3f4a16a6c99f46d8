"""Bargaining case services: the pipeline from the request to the signed agreement with an event per move, the
negotiators rule, both votes (the congress's agenda item, all staff), the term rule, escalation exactly once and
the authorization matrix."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.authz.testing import service_matrix
from gonghui.bargaining.models import (
    BargainingCase,
    CaseDeadline,
    CaseEvent,
    CaseStatus,
    DeadlineKind,
    Negotiator,
    Side,
    VoteMethod,
)
from gonghui.bargaining.negotiations import rules, selectors, services
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f
from gonghui.workdays.selectors import add_working_days

pytestmark = pytest.mark.django_db
S = CaseStatus


def clerk(world, unit=None):
    return world.staff("bc", unit or world.child, [VIEW_BARGAINING, MANAGE_BARGAINING, "congress.view"])


def _negotiators(actor, case, per_side=3):
    for side in Side:
        for i in range(per_side):
            services.negotiator_add(actor=actor, case=case, side=side, name=f"{side}{i}", is_chief=i == 0)


def test_request_to_signing_with_events_and_deadlines(world):
    staff = clerk(world)
    employer = f.employer_of(world.child, staff=200)
    today = timezone.localdate()
    start = today - timedelta(days=30)
    case = services.case_request(
        actor=staff,
        unit=world.child,
        level="employer",
        kind="wage",
        title="2027 年度工资专项集体合同",
        initiated_by="union",
        requested_on=start,
        employer=employer,
    )
    reply = CaseDeadline.objects.get(case=case, kind=DeadlineKind.REPLY)
    assert reply.due_on == add_working_days(start, 10)
    assert reply.policy["key"] == "bargaining.reply_working_days"
    assert [c.employer_id for c in selectors.covered(case)] == [employer.pk]
    with pytest.raises(ValidationError):
        services.case_reply(actor=staff, case=case, agree=False, replied_on=start)  # refusal needs a reason
    case = services.case_reply(actor=staff, case=case, agree=True, replied_on=start + timedelta(days=3))
    assert CaseDeadline.objects.get(pk=reply.pk).met_on == start + timedelta(days=3)
    _negotiators(staff, case, per_side=2)
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=staff, case=case)
    assert error.value.code == "negotiators"
    services.negotiator_add(actor=staff, case=case, side="union", name="补充代表")
    services.negotiator_add(actor=staff, case=case, side="employer", name="补充代表")
    with pytest.raises(ValidationError):
        services.negotiator_add(actor=staff, case=case, side="union", name="第二首席", is_chief=True)
    case = services.case_open(actor=staff, case=case)
    with pytest.raises(ValidationError):
        services.case_draft(actor=staff, case=case)  # no session yet
    services.session_record(actor=staff, case=case, held_on=today - timedelta(days=20), minutes="第一轮", signed=True)
    with pytest.raises(ValidationError):
        services.subject_set(actor=staff, case=case, subject="wages", content="增长")  # the increase is required
    services.subject_set(actor=staff, case=case, subject="wages", content="增长", wage_increase=Decimal("6.5"))
    services.subject_set(actor=staff, case=case, subject="women", content="女职工每年体检")
    draft_day = today - timedelta(days=10)
    case = services.case_draft(actor=staff, case=case, on=draft_day)
    vote = CaseDeadline.objects.get(case=case, kind=DeadlineKind.VOTE)
    assert vote.due_on == add_working_days(draft_day, 15)
    # 100 staff, 50 for: not more than half of ALL staff → back to the talks
    case = services.case_vote_staff(
        actor=staff, case=case, total=100, votes_for=50, votes_against=10, votes_abstain=0, voted_on=draft_day
    )
    assert (case.status, case.vote_passed) == (S.NEGOTIATING, False)
    case = services.case_draft(actor=staff, case=case, on=draft_day)
    case = services.case_vote_staff(
        actor=staff, case=case, total=100, votes_for=51, votes_against=10, votes_abstain=0, voted_on=draft_day
    )
    assert (case.status, case.vote_passed, case.vote_method) == (S.VOTED, True, VoteMethod.ALL_STAFF)
    with pytest.raises(ValidationError):
        services.case_sign(actor=staff, case=case, signed_on=draft_day, term_months=48)
    case = services.case_sign(actor=staff, case=case, signed_on=today, term_months=12)
    assert case.ends_on == rules.term_end(today, 12)
    filing = CaseDeadline.objects.get(case=case, kind=DeadlineKind.FILING)
    assert (filing.day_unit, filing.due_on) == ("calendar", rules.due_date(today, 10, "calendar"))
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [
        "request", "reply", "open", "session", "draft", "vote_fail", "draft", "vote_pass", "sign",
    ]  # fmt: skip


def test_refusal_ends_the_case(world):
    staff = clerk(world)
    case = f.case_at(world.child, S.REQUESTED)
    case = services.case_reply(
        actor=staff, case=case, agree=False, replied_on=timezone.localdate(), text="经营困难，暂不协商"
    )
    assert case.status == S.REFUSED
    with pytest.raises(ValidationError):
        services.case_open(actor=staff, case=case)


def test_regional_case_needs_covered_employers(world):
    staff = clerk(world, world.target)
    case = f.case_at(world.target, S.NEGOTIATING, level="regional", employer=None)
    with pytest.raises(ValidationError) as error:
        services.case_draft(actor=staff, case=case)
    assert error.value.code == "covered"


def test_congress_vote_is_read_from_the_agenda_item(world):
    from gonghui.congress.models import AgendaStatus
    from gonghui.congress.tests import factories as cf

    staff = clerk(world)
    kit = cf.congress_kit(world.child, reps=5)
    session = cf.open_session(kit)
    item = cf.voting_item(kit, session)
    case = f.case_at(world.child, S.DRAFT)
    with pytest.raises(ValidationError):
        services.case_vote_staff(
            actor=staff, case=case, total=10, votes_for=9, votes_against=0, votes_abstain=0,
            voted_on=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.case_vote_congress(actor=staff, case=case, item_id=item.pk)
    assert "尚未计票" in str(error.value)
    type(item).objects.filter(pk=item.pk).update(
        status=AgendaStatus.CLOSED, votes_for=3, votes_against=2, passed=True, closed_at=timezone.now(),
        tally_trace={"lines": [{"role": "given", "label": "本届在任代表总数", "value": 5}]},
    )  # fmt: skip
    case = services.case_vote_congress(actor=staff, case=case, item_id=item.pk)
    assert (case.status, case.vote_total, case.votes_for, case.congress_item_id) == (S.VOTED, 5, 3, item.pk)
    other = cf.congress_kit(world.target, reps=2)
    foreign = cf.voting_item(other, cf.open_session(other))
    case2 = f.case_at(world.child, S.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.case_vote_congress(actor=clerk(world, world.target), case=case2, item_id=foreign.pk)
    assert "不属于本工会" in str(error.value)


def test_missed_deadlines_escalate_exactly_once(world):
    staff = clerk(world)
    today = timezone.localdate()
    late = services.case_request(
        actor=staff, unit=world.child, level="employer", kind="wage", title="逾期未回应", initiated_by="union",
        requested_on=today - timedelta(days=40), employer=f.employer_of(world.child),
    )  # fmt: skip
    services.case_request(
        actor=staff, unit=world.child, level="employer", kind="wage", title="未到期", initiated_by="union",
        requested_on=today, employer=f.employer_of(world.child),
    )  # fmt: skip
    answered = services.case_request(
        actor=staff, unit=world.child, level="employer", kind="wage", title="已回应", initiated_by="employer",
        requested_on=today - timedelta(days=40), employer=f.employer_of(world.child),
    )  # fmt: skip
    services.case_reply(actor=staff, case=answered, agree=True, replied_on=today - timedelta(days=39))
    assert services.deadlines_escalate(today=today) == 1
    assert services.deadlines_escalate(today=today) == 0
    assert services.deadlines_escalate(today=today + timedelta(days=1)) == 0
    assert CaseEvent.objects.filter(case=late, action="escalate").count() == 1
    assert [c.pk for c in selectors.case_list(actor=staff, escalated=True)] == [late.pk]
    ancestor = world.staff("prov", world.province, [VIEW_BARGAINING])
    assert selectors.overdue_deadlines(actor=ancestor).count() == 1
    sibling = world.staff("sib", world.sibling, [VIEW_BARGAINING])
    assert selectors.overdue_deadlines(actor=sibling).count() == 0


def test_escalation_task_runs(world):
    from gonghui.bargaining.negotiations.tasks import escalate_overdue_deadlines

    assert escalate_overdue_deadlines.call() == {"escalated": 0}


def test_matrices(world):
    requested = f.case_at(world.target, S.REQUESTED)
    service_matrix(
        world,
        MANAGE_BARGAINING,
        act=lambda actor, w: services.case_reply(
            actor=actor, case=requested, agree=True, replied_on=timezone.localdate()
        ),
        state=lambda w: BargainingCase.objects.get(pk=requested.pk).status,
        view_perm=VIEW_BARGAINING,
    )
    service_matrix(
        world,
        MANAGE_BARGAINING,
        act=lambda actor, w: services.negotiator_add(actor=actor, case=requested, side="union", name="张三"),
        state=lambda w: Negotiator.objects.filter(case=requested).count(),
        view_perm=VIEW_BARGAINING,
    )
    service_matrix(
        world,
        MANAGE_BARGAINING,
        act=lambda actor, w: services.case_request(
            actor=actor,
            unit=w.target,
            level="regional",
            kind="wage",
            title="区域工资协商",
            initiated_by="union",
            requested_on=timezone.localdate(),
            employer_party="区企业联合会",
        ),  # fmt: skip
        state=lambda w: BargainingCase.objects.count(),
        view_perm=VIEW_BARGAINING,
    )
    voted = f.case_at(world.target, S.VOTED)
    service_matrix(
        world,
        MANAGE_BARGAINING,
        act=lambda actor, w: services.case_sign(
            actor=actor, case=voted, signed_on=timezone.localdate(), term_months=12
        ),
        state=lambda w: BargainingCase.objects.get(pk=voted.pk).status,
        view_perm=VIEW_BARGAINING,
    )
