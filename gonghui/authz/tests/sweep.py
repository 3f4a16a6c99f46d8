"""URL sweep resolvers for ``authz`` (see the conventions brief): every value points inside ``world.target``."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.tests.factories import UserFactory
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.testing import CANARY, World
from gonghui.authz.tests.factories import GrantFactory, RoleFactory
from gonghui.orgs.permissions import VIEW_UNIT

SWEEP_USERNAME = "sweep_staff"


def _role() -> Role:
    role = Role.objects.filter(code="sweep_viewer").first()
    return role if role is not None else RoleFactory.create(code="sweep_viewer", name="巡检只读", perms=[VIEW_UNIT])


def _grant(world: World) -> RoleGrant:
    grant = RoleGrant.objects.filter(user__username=SWEEP_USERNAME, unit=world.target, revoked_at__isnull=True).first()
    if grant is None:
        user = UserFactory.create(username=SWEEP_USERNAME, name=f"巡检人员{CANARY}", phone="13700000077")
        grant = GrantFactory.create(user=user, role=_role(), unit=world.target)
    return grant


RESOLVERS: dict[str, Any] = {
    "grant_id": lambda world: _grant(world).pk,
    "role_id": lambda world: _role().pk,
    "user_id": lambda world: _grant(world).user_id,
}
PUBLIC: set[str] = set()
