"""Test kit of the register: CANARY members of ``world.child`` and their titles."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.honors.models import Honoree
from gonghui.honors.tests import factories
from gonghui.members.models import Member

_seq = [0]


def member(world: World, *, with_user: bool = False, unit: Any = None, **extra: Any) -> Member:
    _seq[0] += 1
    return factories.member(unit or world.child, name=f"王{CANARY}{_seq[0]}", with_user=with_user, **extra)


def title(world: World, **extra: Any) -> Honoree:
    return factories.honoree(member(world), **extra)
