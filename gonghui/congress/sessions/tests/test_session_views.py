"""Session pages: matrices of the console pages and actions, the sign-in desk (pasted card code, the list), the
live quorum, a representative signing in and voting from the portal (double posts count once), ballot secrecy on
every page, export and API, the published resolutions for the employer's members."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import http_matrix, login
from gonghui.congress.models import AgendaStatus, Attendance, BallotReceipt, OpenVote, SealedBallot, SessionStatus
from gonghui.congress.permissions import MANAGE_CONGRESS, VIEW_CONGRESS
from gonghui.congress.tests import factories as f

pytestmark = pytest.mark.django_db


def test_console_matrix(world):
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    f.sign_in_all(kit, session, kit.reps[:2])
    url = reverse("congress:session_detail", args=[session.pk])
    http_matrix(world, VIEW_CONGRESS, "get", url)
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:session_quorum", args=[session.pk]))
    http_matrix(
        world,
        MANAGE_CONGRESS,
        "post",
        reverse("congress:session_sign_in", args=[session.pk]),
        data={"action": "list", "rep": str(kit.reps[2].pk)},
        state=lambda w: Attendance.objects.count(),
    )
    http_matrix(
        world,
        MANAGE_CONGRESS,
        "post",
        url,
        data={"action": "item", "title": "新议题", "kind": "report"},
        state=lambda w: session.items.count(),
    )


def test_portal_sign_in_and_vote_once(world):
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    f.sign_in_all(kit, session, kit.reps[1:])
    secret = f.item(session, secret=True, status=AgendaStatus.VOTING)
    open_item = f.item(session, status=AgendaStatus.VOTING)
    client = login(Client(), kit.user(0))
    url = reverse("congress_portal:session_mine", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'id="sign-in"' in page
    client.post(url, {"action": "sign_in"})
    for _twice in range(2):
        client.post(url, {"action": "vote", "item": str(secret.pk), "choice": "against"})
        client.post(url, {"action": "vote", "item": str(open_item.pk), "choice": "for"})
    assert SealedBallot.objects.filter(item=secret).count() == 1
    assert BallotReceipt.objects.filter(item=secret).count() == 1
    assert OpenVote.objects.filter(item=open_item).count() == 1
    page = client.get(url).content.decode()
    assert 'id="voted-1"' in page
    # another representative's device, another worker: nobody else votes for them
    other = login(Client(), world.member)
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "vote", "item": str(secret.pk), "choice": "for"}).status_code == 404


def test_secret_choice_is_on_no_page_export_or_api(world):
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    item = f.voting_item(kit, session, secret=True)
    from gonghui.congress.sessions import services

    services.vote_cast(actor=kit.user(0), item=item, choice="against")
    services.vote_cast(actor=kit.user(1), item=item, choice="for")
    staff = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    ballot_ids = [str(b) for b in SealedBallot.objects.values_list("id", flat=True)]
    pages = [
        staff.get(reverse("congress:session_detail", args=[session.pk])),
        staff.get(reverse("congress:session_sign_in", args=[session.pk])),
        staff.get(f"/api/v1/congress/sessions/{session.pk}/"),
        staff.get(reverse("congress:representatives_export", args=[kit.term.pk])),
        login(Client(), kit.user(0)).get(reverse("congress_portal:session_mine", args=[session.pk])),
    ]
    for response in pages:
        body = response.content.decode(errors="replace")
        assert '"against"' not in body  # the choice as a value (``votes_against`` the count's name is fine)
        assert "反对：" not in body
        assert all(b not in body for b in ballot_ids)
    api = pages[2].json()
    assert set(api["items"][0]) >= {"votes_for", "votes_against"}
    assert "ballots" not in api["items"][0]
    assert "receipts" not in api["items"][0]


def test_published_minutes_for_the_employers_members(world):
    kit = f.congress_kit(world.child, reps=2)
    session = f.session(kit, status=SessionStatus.CLOSED)
    from gonghui.congress.sessions import services

    staff = world.staff("cm", world.child, [VIEW_CONGRESS, MANAGE_CONGRESS])
    services.session_publish(actor=staff, session=session, minutes="会议通过了集体合同。")
    colleague = f.representative_member(world.child)  # any member of the union, not a representative
    client = login(Client(), colleague.user)
    assert session.title in client.get(reverse("congress_portal:mine")).content.decode()
    page = client.get(reverse("congress_portal:resolutions", args=[session.pk])).content.decode()
    assert "会议通过了集体合同。" in page
    outsider = f.representative_member(world.sibling)
    assert (
        login(Client(), outsider.user).get(reverse("congress_portal:resolutions", args=[session.pk])).status_code == 404
    )


def test_list_pinned(world, django_assert_max_num_queries):
    for unit in (world.child, world.target, world.sibling):
        f.session(f.congress_kit(unit, reps=1))
    client = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("congress:session_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/congress/sessions/").status_code == 200


def test_session_pages_do_not_grow_with_representatives(world, django_assert_max_num_queries):
    kit = f.congress_kit(world.child, reps=12)
    session = f.open_session(kit)
    f.sign_in_all(kit, session, kit.reps[:6])
    for _i in range(3):
        f.item(session)
    client = login(Client(), world.actor("same_with", MANAGE_CONGRESS))
    for name in ("congress:session_detail", "congress:session_sign_in"):
        with django_assert_max_num_queries(24):
            assert client.get(reverse(name, args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("congress:term_detail", args=[kit.term.pk])).status_code == 200
    rep = login(Client(), kit.user(0))
    with django_assert_max_num_queries(16):
        assert rep.get(reverse("congress_portal:session_mine", args=[session.pk])).status_code == 200


def test_session_close_publish_and_code_matrices(world):
    from gonghui.authz.testing import service_matrix
    from gonghui.congress.sessions import services

    kit = f.congress_kit(world.target, reps=2)
    open_one = f.open_session(kit)
    closed = f.session(kit, status=SessionStatus.CLOSED)
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.session_close(actor=actor, session=open_one),
        state=lambda w: type(open_one).objects.get(pk=open_one.pk).status,
        view_perm=VIEW_CONGRESS,
    )
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.session_publish(actor=actor, session=closed, minutes="纪要"),
        state=lambda w: type(closed).objects.get(pk=closed.pk).published_at,
        view_perm=VIEW_CONGRESS,
    )
    from gonghui.members.cards.selectors import card_qr_token
    from gonghui.members.cards.services import card_issue_for

    token = card_qr_token(card=card_issue_for(kit.reps[0].member, actor=None))
    service_matrix(
        world,
        MANAGE_CONGRESS,
        act=lambda actor, w: services.attendance_by_code(actor=actor, session=open_one, code=token),
        state=lambda w: Attendance.objects.count(),
        view_perm=VIEW_CONGRESS,
    )
