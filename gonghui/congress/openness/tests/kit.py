"""Test kit of the openness of affairs: a clerk at ``world.target``, a published item of ``world.child`` (its title
carries CANARY) and a member of that union with a portal account."""

from __future__ import annotations

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY, World
from gonghui.congress.models import DisclosureCategory, DisclosureItem
from gonghui.congress.openness import services
from gonghui.congress.permissions import MANAGE_OPENNESS, VIEW_CONGRESS


def clerk(world: World) -> User:
    return world.staff("op", world.target, [VIEW_CONGRESS, MANAGE_OPENNESS])


def item(world: World, *, title: str = "") -> DisclosureItem:
    if not title:
        found = DisclosureItem.objects.filter(unit=world.child, withdrawn_on__isnull=True).first()
        if found is not None:
            return found
    return services.item_create(
        actor=clerk(world),
        unit=world.child,
        category=DisclosureCategory.WAGES,
        title=title or f"三季度绩效奖金分配方案{CANARY}",
        body="按岗位系数和考核结果分配，详见附表。",
        period="2026年第三季度",
    )
