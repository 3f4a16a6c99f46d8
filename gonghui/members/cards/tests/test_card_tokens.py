"""Member cards: Ed25519 tokens verify online and offline; tampered, foreign-key and revoked cards do not; the
public verification shows only the masked name and the union."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.urls import reverse

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
    head, sig = token_of(card).split(".")
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
        body = Client().get(reverse("member_portal:verify", args=[token])).content.decode()
        assert 'data-state="invalid"' in body
        assert "王" not in body.split('id="verify-result"')[1].split("</div>")[0]


def test_token_signed_by_another_key_fails(member):
    card = issued_card(member)
    other = Ed25519PrivateKey.generate()
    assert selectors.card_verify(token=card_tokens.sign(card.payload, key=other)).state == "invalid"


def test_public_key_checks_tokens_offline(member):
    token = token_of(issued_card(member))
    pem = Client().get(reverse("member_portal:card_public_key")).content
    key = serialization.load_pem_public_key(pem)
    assert card_tokens.verify(token, key=key) is not None  # type: ignore[arg-type]


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


def _qr_of(page: str) -> str:
    start = page.index("<svg")
    return page[start : page.index("</svg>", start) + len("</svg>")]


def test_portal_card_qr_is_drawn_once_per_card_and_matches_a_fresh_drawing(world, monkeypatch):
    """P4: the card's QR image is cached per card (its verification URL); a re-issued card gets its own image."""
    import segno

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
    first = client.get(reverse("member_portal:card")).content.decode()
    second = client.get(reverse("member_portal:card")).content.decode()
    url = "http://testserver" + reverse("member_portal:verify", kwargs={"token": token_of(card)})
    assert drawn == [url]  # drawn for the first view only
    fresh = real_make(url, error="m").svg_inline(scale=4, border=2, title="会员卡二维码")
    assert _qr_of(first) == _qr_of(second) == fresh

    new_card = issued_card(member)  # a new card revokes the old one
    assert selectors.card_current(member=member) == new_card != card
    third = client.get(reverse("member_portal:card")).content.decode()
    new_url = "http://testserver" + reverse("member_portal:verify", kwargs={"token": token_of(new_card)})
    assert drawn == [url, new_url]
    assert _qr_of(third) == real_make(new_url, error="m").svg_inline(scale=4, border=2, title="会员卡二维码")
    assert _qr_of(third) != _qr_of(first)


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
