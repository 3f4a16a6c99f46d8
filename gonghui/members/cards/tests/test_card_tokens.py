"""Member cards: Ed25519 tokens verify online and offline; tampered, foreign-key and revoked cards do not; the
public verification shows only the masked name and the union."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.authz.testing import CANARY, http_matrix, service_matrix
from gonghui.members.cards import selectors
from gonghui.members.cards import tokens as card_tokens
from gonghui.members.cards.services import card_reissue, card_revoke
from gonghui.members.cards.tests.sweep import CHILD_SHORT_NAME, issued_card
from gonghui.members.joining.tests.sweep import canary_member, worker
from gonghui.members.models import MemberCard, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world):
    world.child.short_name = CHILD_SHORT_NAME
    world.child.save(update_fields=["short_name"])
    return canary_member(world, phone="13912340000")


def token_of(card: MemberCard) -> str:
    """The live QR token the card page shows now."""
    return selectors.card_qr_token(card=card)


def static_token_of(card: MemberCard) -> str:
    """A token of the first, static card format (it never expired: issue 13)."""
    return card_tokens.sign(card.payload)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_payload_is_compact_and_carries_no_personal_numbers(member):
    card = issued_card(member)
    data = json.loads(card.payload)
    assert set(data) == {"id", "n", "m", "u", "d"}
    assert data["n"] == member.member_no
    assert data["m"] == "王********芳"
    assert data["u"] == CHILD_SHORT_NAME
    assert " " not in card.payload
    assert member.phone not in card.payload
    assert member.id_masked not in card.payload


def test_valid_token_verifies_and_the_page_shows_no_id_or_phone(member):
    token = token_of(issued_card(member))
    result = selectors.card_verify(token=token)
    assert result.state == "valid"
    assert result.masked_name == "王********芳"
    assert result.union == CHILD_SHORT_NAME
    body = Client().get(reverse("member_portal:verify", args=[token])).content.decode()
    assert 'data-state="valid"' in body
    assert "王********芳" in body
    assert CHILD_SHORT_NAME in body
    for secret in (CANARY, member.phone, member.id_masked, member.name):
        assert secret not in body
    api = Client().get(reverse("v1:member-card-verify", args=[token]))
    assert api.status_code == 200
    assert api.json()["state"] == "valid"


def test_tampered_and_garbage_tokens_fail_without_details(member):
    card = issued_card(member)
    head, sig = static_token_of(card).split(".")
    forged_payload = card.payload.replace(member.member_no, "HY9999999999")
    assert forged_payload != card.payload
    raw_sig = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    flipped = b64(bytes([raw_sig[0] ^ 0xFF]) + raw_sig[1:])  # a different signature, always
    for token in (
        f"{b64(forged_payload.encode())}.{sig}",
        f"{head}.{flipped}",
        f"{head}.",
        "abc",
        "a.b.c",
        "x" * 2000,
    ):
        assert selectors.card_verify(token=token).state == "invalid", token
        response = Client().get(reverse("member_portal:verify", args=[token]))
        assert response.status_code == 404
        body = response.content.decode()
        assert 'data-state="invalid"' in body
        assert "王" not in body.split('id="verify-result"')[1].split("</div>")[0]


def test_token_signed_by_another_key_fails(member):
    card = issued_card(member)
    other = Ed25519PrivateKey.generate()
    assert selectors.card_verify(token=card_tokens.sign(card.payload, key=other)).state == "invalid"
    forged = card_tokens.qr_sign(card.token_id.hex, now=timezone.now().timestamp(), key=other)
    assert selectors.card_verify(token=forged).state == "invalid"


def test_public_key_checks_tokens_offline(member):
    token = token_of(issued_card(member))
    pem = Client().get(reverse("member_portal:card_public_key")).content
    key = serialization.load_pem_public_key(pem)
    claims = card_tokens.qr_verify(token, key=key)  # type: ignore[arg-type]
    assert claims is not None
    assert claims.card_id == MemberCard.objects.get(member=member).token_id.hex
    other = Ed25519PrivateKey.generate().public_key()
    assert card_tokens.qr_verify(token, key=other) is None


def test_revoked_card_and_ended_membership_show_revoked(world, member):
    card = issued_card(member)
    token = token_of(card)
    staff = world.staff("cards", world.child, [MANAGE_MEMBER, "members.view_member"])
    card_revoke(actor=staff, member=member, reason="遗失")
    assert selectors.card_verify(token=token).state == "revoked"
    body = Client().get(reverse("member_portal:verify", args=[token])).content.decode()
    assert 'data-state="revoked"' in body
    assert "已作废" in body
    new = card_reissue(actor=staff, member=member)
    assert selectors.card_verify(token=token_of(new)).state == "valid"
    assert selectors.card_verify(token=token).state == "revoked"
    member.status = MemberStatus.LEFT
    member.save(update_fields=["status"])
    assert selectors.card_verify(token=token_of(new)).state == "revoked"


def test_card_revoke_matrix(world, member):
    issued_card(member)
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: card_revoke(actor=actor, member=member, reason="遗失"),
        state=lambda w: MemberCard.objects.filter(revoked_at__isnull=True).count(),
        view_perm="members.view_member",
    )


def test_card_reissue_matrix(world, member):
    issued_card(member)
    service_matrix(
        world,
        MANAGE_MEMBER,
        act=lambda actor, w: card_reissue(actor=actor, member=member),
        state=lambda w: MemberCard.objects.count(),
        view_perm="members.view_member",
    )


def test_card_pages_matrix(world, member):
    issued_card(member)
    http_matrix(world, "members.view_member", "get", reverse("members:card_revoke", args=[member.pk]))
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        reverse("members:card_revoke", args=[member.pk]),
        data={"reason": "遗失"},
        state=lambda w: MemberCard.objects.filter(revoked_at__isnull=True).count(),
    )
    http_matrix(
        world,
        MANAGE_MEMBER,
        "post",
        reverse("members:card_reissue", args=[member.pk]),
        state=lambda w: MemberCard.objects.count(),
    )


def test_portal_card_page_shows_qr_of_the_verify_url(world):
    user = worker(name="张三")
    member = canary_member(world, user=user, name="张三丰")
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    page = client.get(reverse("member_portal:card")).content.decode()
    assert "领取电子会员卡" in page  # a member without a card (e.g. imported) claims one
    assert client.post(reverse("member_portal:card")).status_code == 302
    page = client.get(reverse("member_portal:card")).content.decode()
    assert member.member_no in page
    assert "张三丰" in page
    assert "<svg" in page
    assert "http://testserver/verify/" in page
    # Another worker has no card and sees an invitation to join.
    other = Client()
    other.force_login(worker(), backend="gonghui.accounts.backends.SmsCodeBackend")
    assert "申请入会" in other.get(reverse("member_portal:card")).content.decode()


def test_live_qr_is_short_and_valid_for_a_short_window_only(member):
    card = issued_card(member)
    issued = timezone.now()
    token = selectors.card_qr_token(card=card, now=issued)
    assert len(token) == card_tokens.QR_TOKEN_LENGTH
    assert len(reverse("member_portal:verify", args=[token])) < 130
    ttl = card_tokens.QR_TTL_SECONDS
    for seconds, state in ((0, "valid"), (ttl - 1, "valid"), (ttl, "expired"), (ttl + 3600, "expired")):
        assert selectors.card_verify(token=token, now=issued + timedelta(seconds=seconds)).state == state, seconds
    late = selectors.card_verify(token=token, now=issued + timedelta(seconds=ttl + 1))
    assert late.masked_name == "王********芳"  # from the current record, also for an expired code
    assert card_tokens.QR_REFRESH_SECONDS < ttl


@given(flip=st.integers(min_value=0, max_value=84), bit=st.integers(min_value=0, max_value=7))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_changed_byte_of_a_live_qr_is_invalid(member, flip, bit):
    card = MemberCard.objects.filter(member=member).first() or issued_card(member)
    token = token_of(card)
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[flip] ^= 1 << bit
    assert selectors.card_verify(token=b64(bytes(raw))).state == "invalid"


def test_a_static_token_of_the_old_format_no_longer_verifies_as_valid(member):
    card = issued_card(member)
    result = selectors.card_verify(token=static_token_of(card))
    assert result.state == "expired"
    response = Client().get(reverse("member_portal:verify", args=[static_token_of(card)]))
    assert response.status_code == 200
    assert 'data-state="expired"' in response.content.decode()


def test_the_name_and_union_come_from_the_current_record(world, member):
    card = issued_card(member)
    token = token_of(card)
    member.name = "李四"
    member.save(update_fields=["name"])
    result = selectors.card_verify(token=token)
    assert result.masked_name == "李*"


def test_verify_page_is_clear_without_the_worker_navigation(member):
    token = token_of(issued_card(member))
    body = Client().get(reverse("member_portal:verify", args=[token])).content.decode()
    assert 'class="tabbar"' not in body
    assert "核验时间" in body
    assert "有效会员" in body


def test_the_phone_refreshes_the_qr(world):
    user = worker(name="张三")
    member = canary_member(world, user=user, name="张三丰")
    issued_card(member)
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    page = client.get(reverse("member_portal:card")).content.decode()
    assert 'hx-trigger="every 60s"' in page
    fragment = client.get(reverse("member_portal:card_qr")).content.decode()
    assert "<svg" in fragment
    assert "<html" not in fragment
    other = Client()
    other.force_login(worker(), backend="gonghui.accounts.backends.SmsCodeBackend")
    stale = other.get(reverse("member_portal:card_qr")).content.decode()
    assert "<svg" not in stale
    assert "hx-trigger" not in stale


def _qr_of(page: str) -> str:
    start = page.index("<svg")
    return page[start : page.index("</svg>", start) + len("</svg>")]


def test_portal_card_qr_is_drawn_once_per_window_and_matches_a_fresh_drawing(world, monkeypatch):
    """P4: the card's QR image is cached per verification URL, which is the same for every view within one refresh
    window; a re-issued card gets its own image."""
    import segno
    import time_machine

    from gonghui.members.cards import portal_views

    user = worker(name="李四")
    member = canary_member(world, user=user, name="李四光")
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    card = issued_card(member)
    drawn: list[str] = []
    real_make = segno.make

    def counting_make(content: str, **kwargs: Any) -> segno.QRCode:
        drawn.append(content)
        return real_make(content, **kwargs)

    monkeypatch.setattr(portal_views.segno, "make", counting_make)
    start = timezone.now().replace(second=5, microsecond=0)
    with time_machine.travel(start, tick=False):
        first = client.get(reverse("member_portal:card")).content.decode()
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        second = client.get(reverse("member_portal:card")).content.decode()
    assert len(drawn) == 1  # drawn for the first view only
    window = start - timedelta(seconds=start.timestamp() % card_tokens.QR_REFRESH_SECONDS)
    token = selectors.card_qr_token(card=card, now=window)
    assert drawn[0] == "http://testserver" + reverse("member_portal:verify", kwargs={"token": token})
    fresh = real_make(drawn[0], error="m").svg_inline(scale=5, border=2, title="会员卡二维码")
    assert _qr_of(first) == _qr_of(second) == fresh

    new_card = issued_card(member)  # a new card revokes the old one
    assert selectors.card_current(member=member) == new_card != card
    with time_machine.travel(start + timedelta(seconds=40), tick=False):
        third = client.get(reverse("member_portal:card")).content.decode()
    assert len(drawn) == 2
    assert _qr_of(third) == real_make(drawn[1], error="m").svg_inline(scale=5, border=2, title="会员卡二维码")
    assert _qr_of(third) != _qr_of(first)
    with time_machine.travel(start + timedelta(seconds=70), tick=False):
        client.get(reverse("member_portal:card"))
    assert len(drawn) == 3, "a new refresh window signs a new token, so a new drawing"


def test_portal_card_query_count_is_pinned(world, django_assert_max_num_queries):
    """P4: my card reads session, user, member and card, however many cards were issued before."""
    user = worker(name="王五")
    member = canary_member(world, user=user, name="王五福")
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    for _ in range(4):
        issued_card(member)  # three revoked cards and the current one
    client.get(reverse("member_portal:card"))
    with django_assert_max_num_queries(4):
        page = client.get(reverse("member_portal:card")).content.decode()
    assert "<svg" in page
