"""URL sweep resolvers of members' dues: a CANARY member of ``world.child`` with a recorded collection; "我的会费"
is a page for any signed-in worker (their own record, or an empty state)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.finance.models import DuesReceipt
from gonghui.members.models import Member


def _member(world: World) -> Member:
    found = Member.objects.filter(unit=world.child, name__contains=CANARY).first()
    if found is not None:
        return found
    from gonghui.members.tests.factories import MemberFactory

    return MemberFactory.create(unit=world.child, name=f"王{CANARY}芳")


def _receipt(world: World) -> int:
    member = _member(world)
    found = DuesReceipt.objects.filter(payments__member=member).first()
    if found is not None:
        return found.pk
    from gonghui.finance.dues.services import dues_record
    from gonghui.finance.tests.allocation_kit import open_books

    open_books(world.child)
    clerk = world.staff("swp", world.child, ["finance.manage_dues", "finance.view_dues"])
    return dues_record(
        actor=clerk, member=member, months=[date(2026, 1, 1)], received_on=date(2026, 2, 1), amount="20.00"
    ).pk


RESOLVERS: dict[str, Any] = {
    "dues_member_id": lambda world: _member(world).pk,
    "dues_receipt_id": _receipt,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"finance_portal:my_dues"}
LOCAL_ONLY: set[str] = set()
