"""URL sweep resolvers of member cards: ``token``, a valid card token of a CANARY member of ``world.child``.

``/verify/<token>/`` is public by design and shows only the masked name (``王********芳``: the CANARY is masked
away) and the union's short name as printed on the card (the resolver gives ``world.child`` a CANARY-free short
name, as real cards carry)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import World
from gonghui.members.joining.tests.sweep import canary_member
from gonghui.members.models import Member, MemberCard
from gonghui.orgs.models import OrgUnit

CHILD_SHORT_NAME = "矩阵基层工会"


def issued_card(member: Member) -> MemberCard:
    from gonghui.members.cards.services import card_issue_for

    return card_issue_for(member, actor=None)


def _token(world: World) -> str:
    from gonghui.members.cards.tokens import sign

    OrgUnit.objects.filter(pk=world.child.pk).update(short_name=CHILD_SHORT_NAME)
    member = canary_member(world)
    return sign(issued_card(member).payload)


RESOLVERS: dict[str, Any] = {"token": _token}
PUBLIC: set[str] = {"member_portal:verify", "member_portal:card_public_key", "v1:member-card-verify"}
SIGNED_IN: set[str] = {"member_portal:card", "member_portal:card_qr"}
