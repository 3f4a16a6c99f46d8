"""Reads of member cards: a member's cards (console), and the verification of a scanned card token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from gonghui.authz import access
from gonghui.authz.access import Actor
from gonghui.common.masking import mask_name
from gonghui.members.cards import tokens as card_tokens
from gonghui.members.models import (
    Member,
    MemberCard,
)
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster.selectors import HOLDING, _as_int


def card_member_get(*, actor: Actor, member_id: object) -> Member:
    """A member in the actor's ``members.view_member`` scope (the card pages of the console)."""
    try:
        member = Member.objects.select_related("unit").get(pk=_as_int(member_id))
    except Member.DoesNotExist:
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_MEMBER, member.unit)
    return member


def card_current(*, member: Member) -> MemberCard | None:
    return MemberCard.objects.filter(member=member, revoked_at__isnull=True).first()


def card_history(*, member: Member) -> list[MemberCard]:
    return list(MemberCard.objects.filter(member=member).select_related("revoked_by").order_by("-issued_at", "-pk"))


def can_manage_card(*, actor: Actor, member: Member) -> bool:
    return access.check(actor, MANAGE_MEMBER, member.unit)


@dataclass(frozen=True)
class Verification:
    state: str  # "valid", "expired", "revoked", "invalid"
    masked_name: str = ""
    union: str = ""
    member_no: str = ""
    issued: str = ""
    checked_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"


INVALID = Verification(state="invalid")


def card_verify(*, token: str, now: datetime | None = None) -> Verification:
    """Check a scanned card: a forged or malformed token is just "invalid" (nothing else is said). A genuine live
    QR code (``tokens.qr_sign``) is "expired" after its short window, else "revoked" when the card was revoked or the
    membership ended, else "valid"; the masked name and union come from the current record, not the token. A
    static token of the first card format never verifies as valid again (a screenshot of it would verify forever):
    "revoked" for a revoked card, else "expired"."""
    now = now or timezone.now()
    qr = card_tokens.qr_verify(token)
    if qr is not None:
        card_id, expires = qr.card_id, datetime.fromtimestamp(qr.expires, tz=UTC)
        expired = qr.expired(now.timestamp())
    else:
        claims = card_tokens.verify(token)
        if claims is None:
            return Verification(state="invalid", checked_at=now)
        card_id, expires, expired = claims.card_id, None, True
    card = (
        MemberCard.objects.select_related("member", "member__unit")
        .filter(token_id__in=[_uuid_or_none(card_id)])
        .first()
    )
    if card is None:
        return Verification(state="invalid", checked_at=now)
    member = card.member
    if card.revoked_at is not None or member.status not in HOLDING:
        state = "revoked"
    else:
        state = "expired" if expired else "valid"
    return Verification(
        state=state,
        masked_name=mask_name(member.name),
        union=member.unit.display_name,
        member_no=member.member_no,
        issued=timezone.localdate(card.issued_at).isoformat(),
        checked_at=now,
        expires_at=expires,
    )


def card_qr_token(*, card: MemberCard, now: datetime | None = None) -> str:
    """The live QR token of the member's own card (the portal's card page)."""
    return card_tokens.qr_sign(card.token_id.hex, now=(now or timezone.now()).timestamp())


def _uuid_or_none(value: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(hex=value))
    except (ValueError, TypeError):
        return None


def card_member_for_token(*, token: str, now: datetime | None = None) -> Member | None:
    """The member whose live card QR code ``token`` is, when it verifies as valid now (a sign-in desk scanning a
    card: a forged, expired or revoked code gives ``None``)."""
    token = (token or "").strip()[: card_tokens.MAX_TOKEN_LENGTH]
    if not token or card_verify(token=token, now=now).state != "valid":
        return None
    qr = card_tokens.qr_verify(token)
    if qr is None:
        return None
    cards = MemberCard.objects.select_related("member", "member__unit")
    card = cards.filter(token_id__in=[_uuid_or_none(qr.card_id)]).first()
    return card.member if card is not None else None
