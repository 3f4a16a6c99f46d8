"""Demo role grants: handed out by the demo administrator through ``authz.services.grant_create`` (audited, and
refused like any grant that exceeds what the administrator may delegate), once."""

from __future__ import annotations

from typing import Any

from gonghui.authz import access
from gonghui.authz.models import Role, RoleGrant
from gonghui.orgs.models import OrgUnit


def demo_grant(user: Any, role_code: str, unit: OrgUnit) -> None:
    from gonghui.accounts.models import User
    from gonghui.authz.services import grant_create

    role = Role.objects.get(code=role_code)
    if RoleGrant.objects.filter(user=user, role=role, unit=unit, revoked_at__isnull=True).exists():
        return
    grant_create(actor=User.objects.get(username="admin"), user=user, role=role, unit=unit)
    access.forget(user)
