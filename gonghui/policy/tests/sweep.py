"""URL-sweep resolvers of the policy app (``unit_id`` is resolved by orgs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from gonghui.authz.testing import CANARY
from gonghui.policy.models import PolicyRecord

SWEEP_KEY = "review.publicity_days"


def _key(world: Any) -> str:
    return SWEEP_KEY


def _record_id(world: Any) -> int:
    """A record issued by ``world.target`` (its note carries the canary)."""
    on = date(2026, 1, 1)
    record = PolicyRecord.objects.filter(key=SWEEP_KEY, unit=world.target, effective_from=on).first()
    if record is None:
        record = PolicyRecord.objects.create(
            key=SWEEP_KEY, unit=world.target, value=7, effective_from=on, note=f"{CANARY} 测试工发〔2026〕1号"
        )
    return record.pk


RESOLVERS: dict[str, Callable[[Any], Any]] = {"key": _key, "record_id": _record_id}
PUBLIC: set[str] = set()
