"""Session services: sign-in (list, card QR, portal), the quorum before voting, open and secret votes, one vote per
representative, the tally against ALL representatives with its trace, the minutes, ballot secrecy in the audit
and the logs, and the authorization matrix."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.congress.models import (
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Attendance,
    BallotReceipt,
    CongressSession,
    OpenVote,
    SealedBallot,
    SessionStatus,
)
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.sessions import services
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def manager(world, unit=None):
    return world.staff("cm", unit or world.child, [VIEW_CONGRESS, MANAGE_CONGRESS])


def test_whole_session_with_quorum_votes_and_tally(world):
    clerk = manager(world)
    kit = f.congress_kit(world.child, reps=6)
    session = services.session_create(
        actor=clerk, term=kit.term, number=1, title="一届一次职代会", held_on=timezone.localdate()
    )
    election = services.item_add(actor=clerk, session=session, title="选举职工董事", kind=AgendaKind.ELECTION)
    assert election.secret  # elections are always secret
    resolution = services.item_add(actor=clerk, session=session, title="集体合同草案", kind=AgendaKind.RESOLUTION)
    assert not resolution.secret
    services.session_open(actor=clerk, session=session)
    for rep in kit.reps[:3]:
        services.attendance_sign(actor=clerk, session=session, rep=rep)
    with pytest.raises(ValidationError) as error:
        services.item_open(actor=clerk, item=resolution)
    assert error.value.code == "quorum"
    services.attendance_self(actor=kit.user(3), session=session)
    services.attendance_sign(actor=clerk, session=session, rep=kit.reps[3])  # a second tick changes nothing
    assert Attendance.objects.filter(session=session).count() == 4
    assert services.quorum_state(session)["reached"]  # 4 of 6 = two thirds
    services.item_open(actor=clerk, item=resolution)
    services.item_open(actor=clerk, item=election)
    for i in range(3):
        services.vote_cast(actor=kit.user(i), item=resolution, choice="for")
    services.vote_cast(actor=kit.user(3), item=resolution, choice="against")
    with pytest.raises(ValidationError) as error:
        services.vote_cast(actor=kit.user(3), item=resolution, choice="for")
    assert error.value.code == "voted"
    with pytest.raises(ValidationError) as error:
        services.vote_cast(actor=kit.user(5), item=resolution, choice="for")  # not signed in
    assert error.value.code == "not_signed_in"
    closed = services.item_close(actor=clerk, item=resolution)
    # 3 for out of 6 representatives is NOT more than half of all (though 3 of the 4 present)
    assert (closed.votes_for, closed.votes_against, closed.passed) == (3, 1, False)
    assert closed.tally_trace["lines"][-1]["value"] == "未通过"
    for i in range(4):
        services.vote_cast(actor=kit.user(i), item=election, choice="for")
    closed = services.item_close(actor=clerk, item=election)
    assert (closed.votes_for, closed.passed) == (4, True)
    assert SealedBallot.objects.filter(item=election).count() == 4
    assert BallotReceipt.objects.filter(item=election).count() == 4
    assert not OpenVote.objects.filter(item=election).exists()
    services.session_close(actor=clerk, session=session)
    published = services.session_publish(actor=clerk, session=session, minutes="会议审议通过了……")
    assert published.published_at is not None


def test_card_qr_sign_in(world):
    from gonghui.members.cards.selectors import card_qr_token
    from gonghui.members.cards.services import card_issue_for

    clerk = manager(world)
    kit = f.congress_kit(world.child, reps=2)
    session = f.open_session(kit)
    card = card_issue_for(kit.reps[0].member, actor=None)
    token = card_qr_token(card=card)
    services.attendance_by_code(actor=clerk, session=session, code=f"https://example.org/card/verify/{token}/")
    assert Attendance.objects.get(session=session).method == "qr"
    with pytest.raises(ValidationError):
        services.attendance_by_code(actor=clerk, session=session, code="forged-code")


def test_secret_ballot_leaves_no_trace_of_the_choice(world, caplog):
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    item = f.voting_item(kit, session, secret=True)
    caplog.set_level(logging.DEBUG)
    before = AuditEvent.objects.count()
    services.vote_cast(actor=kit.user(0), item=item, choice="against")
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None
    assert event.action == "congress.vote_cast"
    text = repr({field.attname: getattr(event, field.attname) for field in event._meta.concrete_fields})
    assert "against" not in text
    assert "反对" not in text
    assert "against" not in caplog.text
    ballot = SealedBallot.objects.get(item=item)
    assert {f.name for f in SealedBallot._meta.get_fields()} == {"id", "item", "choice"}
    assert ballot.choice == "against"


def test_vote_needs_a_mandate(world):
    kit = f.congress_kit(world.child, reps=2)
    session = f.open_session(kit)
    item = f.voting_item(kit, session)
    from django.http import Http404

    with pytest.raises(Http404):
        services.vote_cast(actor=world.member, item=item, choice="for")
    with pytest.raises(Http404):
        services.vote_cast(actor=manager(world), item=item, choice="for")


def test_session_matrices(world):
    kit = f.congress_kit(world.target, reps=3)
    session = f.session(kit, status=SessionStatus.PLANNED)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.session_create(
            actor=actor, term=kit.term, number=9, title="临时会议", held_on=timezone.localdate()
        ),
        state=lambda w: CongressSession.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.item_add(actor=actor, session=session, title="议题", kind=AgendaKind.REPORT),
        state=lambda w: AgendaItem.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.session_open(actor=actor, session=session),
        state=lambda w: CongressSession.objects.get(pk=session.pk).status,
        view_perm=VIEW_CONGRESS,
    )


def test_voting_matrices(world):
    kit = f.congress_kit(world.target, reps=3)
    session = f.open_session(kit)
    f.sign_in_all(kit, session)
    pending = f.item(session)
    voting = f.item(session, status=AgendaStatus.VOTING)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.attendance_sign(actor=actor, session=session, rep=kit.reps[0]),
        state=lambda w: Attendance.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.item_open(actor=actor, item=pending),
        state=lambda w: AgendaItem.objects.get(pk=pending.pk).status,
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.item_close(actor=actor, item=voting),
        state=lambda w: AgendaItem.objects.get(pk=voting.pk).status,
        view_perm=VIEW_CONGRESS,
    )
