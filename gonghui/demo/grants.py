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


def demo_account(username: str, name: str, grants: list[tuple[str, OrgUnit]] | tuple[()] = ()) -> Any:
    """The demo staff account ``username`` (demo password), created on first use, holding ``grants``
    (``(role code, unit)`` pairs, each through :func:`demo_grant`)."""
    from gonghui.accounts.models import User
    from gonghui.demo.data import DEMO_PASSWORD

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, DEMO_PASSWORD, name=name)
    for role_code, unit in grants:
        demo_grant(user, role_code, unit)
    return user
