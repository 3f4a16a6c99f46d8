"""The portal's home shows a members tile only to whom it serves: 入会 to a worker who is not a member, 会员卡 and
接转 to a member; a tile whose URL does not exist is never shown (issue 13)."""

import pytest
from django.test import Client
from django.utils import translation

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.members.models import MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.portal.tiles import TILES, Tile, offered_tiles, visible_tiles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _source_language():
    """Labels are compared in the source language (another test may leave a language active)."""
    with translation.override("zh-hans"):
        yield


def _worker(phone: str) -> User:
    return User.objects.create_user(username=phone, phone=phone, name="")


def _home(user: User) -> str:
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_worker_who_is_not_a_member_sees_join_not_card():
    worker = _worker("13911112222")
    labels = [str(t.label) for t in visible_tiles(worker)]
    assert "入会" in labels
    assert "会员卡" not in labels
    assert "组织关系接转" not in labels
    assert "我的会费" not in labels
    body = _home(worker)
    assert 'href="/members/join/"' in body
    assert 'href="/members/card/"' not in body


@pytest.mark.parametrize("status", [MemberStatus.ACTIVE, MemberStatus.RETIRED])
def test_a_member_sees_card_not_join(status):
    worker = _worker("13911113333")
    MemberFactory(user=worker, status=status)
    labels = [str(t.label) for t in visible_tiles(worker)]
    assert "会员卡" in labels
    assert "组织关系接转" in labels
    assert "我的会费" in labels
    assert "入会" not in labels
    body = _home(worker)
    assert 'href="/members/card/"' in body
    assert 'href="/members/join/"' not in body


def test_a_former_member_may_join_again():
    worker = _worker("13911114444")
    MemberFactory(user=worker, status=MemberStatus.LEFT)
    labels = [str(t.label) for t in visible_tiles(worker)]
    assert "入会" in labels
    assert "会员卡" not in labels


def test_a_tile_without_a_service_is_never_shown():
    worker = _worker("13911115555")
    ghost = Tile(label="退休职工", url_name="retirees:clubs", order=1)
    TILES.add("ghost", [ghost])
    try:
        assert not ghost.shown_to(worker)
        assert "退休职工" not in [str(t.label) for t in visible_tiles(worker)]
        assert "退休职工" not in [str(t.label) for t in offered_tiles()]
    finally:
        TILES.add("ghost", [])


def test_nobody_anonymous_is_shown_a_tile():
    from django.contrib.auth.models import AnonymousUser

    assert not any(tile.shown_to(AnonymousUser()) for tile in TILES.items())


def test_a_members_portal_home_stays_within_its_budget(world, django_assert_max_num_queries):
    """A member's home: session, user, device, open review cases, the member (asked once for every members-only
    tile and the member card), then one question each from the modules whose tiles or "what is mine" items depend
    on more than membership: mutual aid (cover and claims in one query), check-ups, bookings (the upcoming ones
    and a finished trip in one query), worker services' activities and partners together, and one from ratings for
    every rateable module at once (something to rate or rated); the unread count is a fragment loaded after the page.
    10 in all (P4's limit), however many modules show a members-only tile, a "what is mine" item or register a
    rateable service."""
    MemberFactory(user=world.member, unit=world.child, phone=world.member.phone)
    client = login(Client(), world.member)
    # The steady state: caches a module's tile reads (the open surveys' digest, at most a minute old) are warm.
    client.get("/")
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="mine"' in body
    assert "电子会员卡" in body
    assert 'href="/messages/"' in body
