"""Proposal services: draft → seconders → submit → the committee's decision → the coded answer → the proposer's
rating; the deadline by the calendar; escalation of overdue answers; the authorization matrix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.authz.testing import service_matrix
from gonghui.congress.models import Proposal, ProposalEvent, ProposalStatus
from gonghui.congress.permissions import HANDLE_PROPOSALS, VIEW_CONGRESS
from gonghui.congress.proposals import selectors, services
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def committee(world, unit=None):
    return world.staff("pc", unit or world.child, [VIEW_CONGRESS, HANDLE_PROPOSALS])


def test_proposal_from_draft_to_rating(world):
    kit = f.congress_kit(world.child, reps=4)
    staff = committee(world)
    proposal = services.proposal_draft(actor=kit.user(0), term=kit.term, title="关于增设职工书屋的提案", body="理由……")
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(actor=kit.user(0), proposal=proposal)
    assert error.value.code == "seconders"
    services.proposal_invite(actor=kit.user(0), proposal=proposal)
    assert [p.pk for p in selectors.to_second(actor=kit.user(1))] == [proposal.pk]
    with pytest.raises(ValidationError):
        services.proposal_second(actor=kit.user(0), proposal=proposal)  # not one's own
    services.proposal_second(actor=kit.user(1), proposal=proposal)
    with pytest.raises(ValidationError):
        services.proposal_second(actor=kit.user(1), proposal=proposal)
    services.proposal_second(actor=kit.user(2), proposal=proposal)
    proposal = services.proposal_submit(actor=kit.user(0), proposal=proposal)
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.proposal_decide(actor=staff, proposal=proposal, outcome="reject")  # a reason is required
    proposal = services.proposal_decide(
        actor=staff, proposal=proposal, outcome="accept", department="工会办公室", on=date(2026, 3, 5)
    )
    assert proposal.number == "1-001"
    assert proposal.due_on == date(2026, 6, 5)
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=staff, proposal=proposal, code="D", answer="")  # D needs a reason
    proposal = services.proposal_answer(actor=staff, proposal=proposal, code="A", answer="已落实。")
    proposal = services.proposal_rate(actor=kit.user(0), proposal=proposal, satisfaction="satisfied")
    assert proposal.status == ProposalStatus.CLOSED
    actions = list(ProposalEvent.objects.filter(proposal=proposal).values_list("action", flat=True))
    assert actions == ["create", "invite", "second", "second", "submit", "accept", "answer", "rate"]


def test_deadline_moves_to_a_working_day():
    assert services.answer_due(date(2026, 1, 31), 3) == date(2026, 4, 30)
    # 2026-03-07 + 3 months = 2026-06-07, a Sunday: the next working day
    found = services.answer_due(date(2026, 3, 7), 3)
    assert found >= date(2026, 6, 8)
    assert found.weekday() < 5


def test_opinion_and_not_accepted(world):
    kit = f.congress_kit(world.child, reps=2)
    staff = committee(world)
    one = f.proposal(kit, status=ProposalStatus.SUBMITTED)
    two = f.proposal(kit, status=ProposalStatus.SUBMITTED)
    assert services.proposal_decide(actor=staff, proposal=one, outcome="opinion").status == ProposalStatus.OPINION
    two = services.proposal_decide(
        actor=staff, proposal=two, outcome="reject", reason="属于个人诉求，请通过信访渠道反映。"
    )
    assert two.status == ProposalStatus.NOT_ACCEPTED
    assert two.number == ""


def test_overdue_answers_escalate_once(world):
    kit = f.congress_kit(world.child, reps=2)
    late = f.proposal(
        kit, status=ProposalStatus.ACCEPTED, due_on=timezone.localdate() - timedelta(days=1), number="1-001"
    )
    f.proposal(kit, status=ProposalStatus.ACCEPTED, due_on=timezone.localdate() + timedelta(days=5), number="1-002")
    assert services.proposals_escalate(today=timezone.localdate()) == 1
    assert services.proposals_escalate(today=timezone.localdate()) == 0
    assert Proposal.objects.get(pk=late.pk).escalated_at is not None
    assert [p.pk for p in selectors.escalated_count(actor=committee(world))] == [late.pk]


def test_task_runs(world):
    from gonghui.congress.proposals.tasks import escalate_overdue_proposals

    assert escalate_overdue_proposals.call() == {"escalated": 0}


def test_representative_side_needs_a_mandate(world):
    kit = f.congress_kit(world.child, reps=2)
    with pytest.raises(Http404):
        services.proposal_draft(actor=world.member, term=kit.term, title="t", body="b")
    proposal = f.proposal(kit, status=ProposalStatus.DRAFT)
    with pytest.raises(Http404):
        services.proposal_submit(actor=kit.user(1), proposal=proposal)  # another representative's draft


def test_committee_matrices(world):
    kit = f.congress_kit(world.target, reps=2)
    submitted = f.proposal(kit, status=ProposalStatus.SUBMITTED)
    accepted = f.proposal(kit, status=ProposalStatus.ACCEPTED, number="1-009", due_on=timezone.localdate())
    service_matrix(
        world,
        HANDLE_PROPOSALS,
        act=lambda actor, w: services.proposal_decide(
            actor=actor, proposal=submitted, outcome="accept", department="人事部"
        ),
        state=lambda w: Proposal.objects.get(pk=submitted.pk).status,
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        HANDLE_PROPOSALS,
        act=lambda actor, w: services.proposal_answer(actor=actor, proposal=accepted, code="B", answer="正在落实"),
        state=lambda w: Proposal.objects.get(pk=accepted.pk).status,
        view_perm=VIEW_CONGRESS,
    )
