"""URL sweep resolvers of condolences: a condolence of a CANARY retiree of ``world.child`` (books opened at the
target union, decided by its staff)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gonghui.authz.testing import CANARY, World


def _condolence(world: World) -> int:
    from gonghui.policy.selectors import policy_today
    from gonghui.retirees.condolences import services
    from gonghui.retirees.models import Condolence
    from gonghui.retirees.tests import factories

    found = Condolence.objects.filter(unit=world.child).first()
    if found is not None:
        return found.pk
    from gonghui.finance.models import Ledger

    if not Ledger.objects.filter(unit=world.target).exists():
        factories.books(world.target)
    member = factories.retiree(world, name=f"慰问{CANARY}", account=False)
    today = policy_today()
    item, _created = services.condolence_decide(
        actor=factories.staff(world), member=member, reason="illness", event_on=today - timedelta(days=1), today=today
    )
    return item.pk


RESOLVERS: dict[str, Any] = {"condolence_id": _condolence}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
