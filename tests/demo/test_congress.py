"""The demo's workers' congress: a term with representatives (the demo worker among them), a past session voted
(one secret, one open item), today's open session where the worker may vote, proposals at every outcome and answer
code; seeding twice changes nothing."""

from __future__ import annotations

import pytest

from gonghui.congress.models import (
    AgendaItem,
    AgendaStatus,
    Congress,
    CongressSession,
    Proposal,
    ProposalStatus,
    Representative,
    SealedBallot,
    SessionStatus,
)
from gonghui.demo import data
from gonghui.demo.seed import world

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_congress():
    congress = Congress.objects.get(unit__name=data.XIHU_GRASSROOTS)
    assert Representative.objects.filter(term__congress=congress, member__phone=data.DEMO_WORKER_PHONE).exists()
    past = CongressSession.objects.get(term__congress=congress, status=SessionStatus.CLOSED)
    assert past.published_at is not None
    items = list(AgendaItem.objects.filter(session=past))
    assert {i.secret for i in items} == {True, False}
    assert all(i.status == AgendaStatus.CLOSED and i.passed for i in items)
    secret = next(i for i in items if i.secret)
    assert (
        SealedBallot.objects.filter(item=secret).count()
        == secret.votes_for + secret.votes_against + secret.votes_abstain
    )
    today = CongressSession.objects.get(term__congress=congress, status=SessionStatus.OPEN)
    assert AgendaItem.objects.filter(session=today, status=AgendaStatus.VOTING).count() == 2
    codes = set(Proposal.objects.exclude(answer_code="").values_list("answer_code", flat=True))
    assert codes == {"A", "B", "C", "D"}
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {
        ProposalStatus.DRAFT,
        ProposalStatus.SECONDING,
        ProposalStatus.SUBMITTED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.OPINION,
        ProposalStatus.NOT_ACCEPTED,
        ProposalStatus.ANSWERED,
        ProposalStatus.CLOSED,
    } <= statuses
    assert Proposal.objects.filter(escalated_at__isnull=False).exists()
    counts = (CongressSession.objects.count(), Proposal.objects.count(), Representative.objects.count())
    from gonghui.congress import demo as module_demo

    module_demo.seed(world())
    assert (CongressSession.objects.count(), Proposal.objects.count(), Representative.objects.count()) == counts
