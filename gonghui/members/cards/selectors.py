"""Reads of member cards: a member's cards (console), and the verification of a scanned card token."""

from __future__ import annotations

from dataclasses import dataclass

from gonghui.authz import access
from gonghui.authz.access import Actor
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
    state: str  # "valid", "revoked", "invalid"
    masked_name: str = ""
    union: str = ""
    member_no: str = ""
    issued: str = ""

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"


INVALID = Verification(state="invalid")


def card_verify(*, token: str) -> Verification:
    """Check a card token: a forged or malformed one is just "invalid" (nothing else is said); a genuine one
    shows the masked name and union it was signed with, and whether the card is still valid."""
    claims = card_tokens.verify(token)
    if claims is None:
        return INVALID
    card = (
        MemberCard.objects.select_related("member")
        .filter(token_id__in=[_uuid_or_none(claims.card_id)])
        .only("revoked_at", "member__status")
        .first()
    )
    if card is None:
        return INVALID
    revoked = card.revoked_at is not None or card.member.status not in HOLDING
    return Verification(
        state="revoked" if revoked else "valid",
        masked_name=claims.masked_name,
        union=claims.union,
        member_no=claims.member_no,
        issued=claims.issued,
    )


def _uuid_or_none(value: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(hex=value))
    except (ValueError, TypeError):
        return None
