"""Test kit of the praise wall: CANARY members of ``world.child`` with portal accounts, and posts written directly at
a given state."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.honors.models import PraisePost, PraiseStatus, PraiseSubject
from gonghui.honors.tests import factories
from gonghui.members.models import Member

_seq = [0]


def member(world: World, *, unit: Any = None) -> Member:
    _seq[0] += 1
    return factories.member(unit or world.child, name=f"赵{CANARY}{_seq[0]}", with_user=True)


def user(member: Member) -> User:
    assert member.user is not None
    return member.user


def post(
    world: World, *, status: str = PraiseStatus.PUBLISHED, author: Member | None = None, **extra: Any
) -> PraisePost:
    who = author or member(world)
    _seq[0] += 1
    return PraisePost.objects.create(
        unit=who.unit,
        author=user(who),
        author_member=who,
        subject_kind=extra.pop("subject_kind", PraiseSubject.COLLEAGUE),
        subject_name=extra.pop("subject_name", f"钱{CANARY}{_seq[0]}"),
        text=extra.pop("text", f"{CANARY} 加班加点帮助同事完成攻关任务"),
        status=status,
        **extra,
    )
