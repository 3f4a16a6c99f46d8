"""Test builders of workers' requests: categories, workers (members with portal accounts, or phone-only accounts),
the designated staff for sensitive requests, and requests at each state, through the services."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import User
from gonghui.accounts.testing import next_phone
from gonghui.authz.testing import CANARY, World
from gonghui.legal_aid.models import RequestCategory, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_REQUESTS, HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests import services
from gonghui.members.models import Member

_seq = [0]
SECRET_NAME = f"秘{CANARY}名"  # the anonymous requester's name: searched for in every output


def category(code: str = "wages", *, sensitive: bool = False, days: int = 5) -> RequestCategory:
    found, _created = RequestCategory.objects.get_or_create(
        code=code, defaults={"name": f"类别{code}", "deadline_days": days, "sensitive": sensitive}
    )
    if found.sensitive != sensitive or found.deadline_days != days:
        found.sensitive, found.deadline_days = sensitive, days
        found.save(update_fields=["sensitive", "deadline_days"])
    return found


def worker(world: World, *, unit: Any = None, name: str = "") -> Member:
    from gonghui.members.tests.factories import MemberFactory

    _seq[0] += 1
    phone = next_phone()
    user = User.objects.create_user(username=phone, phone=phone, name=name or f"诉求职工{_seq[0]}")
    return MemberFactory.create(unit=unit or world.child, name=name or f"钱{_seq[0]}", user=user, phone=phone)


def u(member: Member) -> User:
    assert member.user is not None
    return member.user


def phone_user(name: str = "") -> User:
    phone = next_phone()
    return User.objects.create_user(username=phone, phone=phone, name=name)


def clerk(world: World, unit: Any = None) -> User:
    return world.staff("reqclerk", unit or world.target, [str(VIEW_REQUESTS), str(HANDLE_REQUESTS)])


def viewer(world: World, unit: Any = None) -> User:
    return world.staff("reqview", unit or world.target, [str(VIEW_REQUESTS)])


def designated(world: World, unit: Any = None) -> User:
    return world.staff(
        "reqsens",
        unit or world.target,
        [str(VIEW_REQUESTS), str(HANDLE_REQUESTS), str(HANDLE_SENSITIVE_REQUESTS)],
    )


def request(
    world: World,
    *,
    by: Member | None = None,
    code: str = "wages",
    sensitive: bool = False,
    anonymous: bool = False,
    status: str = "submitted",
    text: str = "加班费没有发放。",
) -> WorkerRequest:
    member = by or worker(world)
    item, _created = services.request_submit(
        actor=u(member), category=category(code, sensitive=sensitive), description=text, anonymous=anonymous
    )
    if status == "submitted":
        return item
    handler = designated(world, item.unit) if sensitive else clerk(world)
    item = services.request_answer(actor=handler, request=item, answer="已答复。")
    if status == "answered":
        return item
    if status == "reopened":
        return services.request_rate(actor=u(member), request=item, rating=1)
    if status == "closed":
        return services.request_rate(actor=u(member), request=item, rating=5)
    raise ValueError(status)
