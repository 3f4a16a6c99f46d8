"""Test builders of the register: a title of a member, written directly (no service, no audit)."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.members.models import Member

_seq = [0]
_people = [0]


def member(unit: Any, *, name: str = "", with_user: bool = False, **extra: Any) -> Member:
    """A member of ``unit`` (with a portal account when asked); ``name`` defaults to a numbered 王…."""
    from gonghui.members.tests.factories import MemberFactory

    _people[0] += 1
    user = None
    if with_user:
        phone = next_phone()
        user = User.objects.create_user(username=phone, phone=phone, name=f"劳模{_people[0]}")
    return MemberFactory.create(unit=unit, name=name or f"王劳模{_people[0]}", user=user, **extra)


def recorder() -> User:
    user = User.objects.filter(username="honors-recorder").first()
    return user or User.objects.create_user(username="honors-recorder", name="名录登记员")


def honoree(
    member: Member,
    *,
    title: str = HonorTitle.MODEL_WORKER,
    level: str = HonorLevel.PROVINCIAL,
    year: int = 2020,
    **extra: Any,
) -> Honoree:
    _seq[0] += 1
    return Honoree.objects.create(
        member=member,
        unit=member.unit,
        title=title,
        level=level,
        year=year,
        certificate_no=extra.pop("certificate_no", f"ZS{_seq[0]:06d}"),
        recorded_by=extra.pop("recorded_by", None) or recorder(),
        **extra,
    )
