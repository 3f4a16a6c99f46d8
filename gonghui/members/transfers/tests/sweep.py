"""URL sweep resolvers of organisational transfer: ``transfer_id``, a CANARY member of ``world.child`` moving to
another union inside ``world.target``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.members.joining.tests.sweep import canary_member, unit_in_target, worker
from gonghui.members.models import Transfer


def _transfer(world: World) -> int:
    member = canary_member(world)
    transfer = Transfer.objects.create(
        member=member,
        from_unit=member.unit,
        to_unit=unit_in_target(world),
        reason=f"调动{CANARY}",
        requested_by=worker(),
    )
    return transfer.pk


RESOLVERS: dict[str, Any] = {"transfer_id": _transfer}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = {"member_portal:transfer"}
