"""URL sweep resolvers for ``audit`` (see the conventions brief): the event lies on ``world.target``."""

from __future__ import annotations

from typing import Any

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, World
from gonghui.orgs.permissions import MANAGE_UNIT
from gonghui.orgs.services import unit_update


def _event(world: World) -> int:
    existing = AuditEvent.objects.filter(unit=world.target, target_repr__contains=CANARY).order_by("-id").first()
    if existing is not None:
        return existing.pk
    unit_update(actor=world.actor("ancestor", MANAGE_UNIT), unit=world.target, short_name=f"巡检{CANARY}"[:40])
    event = AuditEvent.objects.filter(unit=world.target).order_by("-id").first()
    assert event is not None
    return event.pk


RESOLVERS: dict[str, Any] = {"event_id": _event}
PUBLIC: set[str] = set()
