"""Test builders of the register: a title of a member, written directly (no service, no audit)."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.honors.models import Honoree, HonorLevel, HonorTitle
from gonghui.members.models import Member

_seq = [0]


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
