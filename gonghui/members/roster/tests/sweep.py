"""URL sweep resolvers of the roster pages: ``member_id`` → a member of ``world.child`` named with CANARY."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory


def canary_member(world: World) -> Member:
    """A member of ``world.child`` (inside ``world.target``) whose name contains CANARY (created once)."""
    member = Member.objects.filter(unit=world.child, name__contains=CANARY).first()
    if member is None:
        member = MemberFactory.create(unit=world.child, name=f"王兰芳{CANARY}")
    return member


RESOLVERS: dict[str, Any] = {"member_id": lambda world: canary_member(world).pk}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
