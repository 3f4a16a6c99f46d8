"""Test kit of the register: CANARY members of ``world.child`` and their titles."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.honors.models import Honoree
from gonghui.honors.tests.factories import honoree
from gonghui.members.models import Member

_seq = [0]


def member(world: World, *, with_user: bool = False, unit: Any = None, **extra: Any) -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    user = None
    if with_user:
        phone = f"135{_seq[0]:08d}"
        user = User.objects.create_user(username=phone, phone=phone, name=f"劳模{_seq[0]}")
    return MemberFactory.create(unit=unit or world.child, name=f"王{CANARY}{_seq[0]}", user=user, **extra)


def title(world: World, **extra: Any) -> Honoree:
    return honoree(member(world), **extra)
