"""Writes to roles and grants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access, registry
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.roles import DEFAULT_ROLES
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT


def roles_sync(*, actor: access.Actor | None = None) -> list[Role]:
    """Create missing default roles and add newly declared default permissions to them (idempotent)."""
    out = []
    with transaction.atomic():
        for code, (name, description) in DEFAULT_ROLES.items():
            role, created = Role.objects.get_or_create(
                code=code, defaults={"name": str(name), "description": str(description), "is_system": True}
            )
            wanted = {p for p in registry.all_perms() if code in p.default_roles}
            applied = set(role.defaults_applied)
            new = sorted(wanted - applied)
            if new:
                RolePermission.objects.bulk_create(
                    [RolePermission(role=role, permission=p) for p in new], ignore_conflicts=True
                )
                role.defaults_applied = sorted(applied | set(new))
                role.save(update_fields=["defaults_applied", "updated_at"])
                audit_record(actor=actor, action="authz.role_sync", target=role, data={"added": new})
            elif created:
                audit_record(actor=actor, action="authz.role_sync", target=role, data={"added": []})
            out.append(role)
    return out


def _validate_perms(names: Iterable[str]) -> list[str]:
    names = sorted(set(names))
    unknown = [n for n in names if not registry.is_declared(n)]
    if unknown:
        raise ValidationError(_("未知的权限：%(names)s") % {"names": ", ".join(unknown)})
    return names


def _perm_labels(names: Iterable[str]) -> str:
    return "、".join(f"{registry.get(n).label}（{n}）" if registry.is_declared(n) else n for n in sorted(names))


def role_save(
    *, actor: access.Actor, role: Role | None, code: str, name: str, description: str, permissions: Iterable[str]
) -> Role:
    """Create or edit a role definition. Roles are platform-wide: editing needs the right at a tree root."""
    access.require_at_root(actor, MANAGE_ROLES)
    perms = _validate_perms(permissions)
    with transaction.atomic():
        if role is None:
            if Role.objects.filter(code=code).exists():
                raise ValidationError({"code": _("角色代码已存在。")})
            role = Role(code=code)
            before: dict[str, Any] = {}
        else:
            role = Role.objects.select_for_update().get(pk=role.pk)
            before = {"name": role.name, "description": role.description, "permissions": role.permission_names()}
        role.name = name
        role.description = description
        role.full_clean()
        role.save()
        RolePermission.objects.filter(role=role).exclude(permission__in=perms).delete()
        RolePermission.objects.bulk_create(
            [RolePermission(role=role, permission=p) for p in perms], ignore_conflicts=True
        )
        audit_record(
            actor=actor,
            action="authz.role_save",
            target=role,
            before=before,
            after={"name": name, "description": description, "permissions": perms},
        )
    # The actor may hold this role: what they may do changed with it.
    access.forget(actor)
    return role


def grant_create(*, actor: access.Actor, user: Any, role: Role, unit: OrgUnit) -> RoleGrant:
    """Grant ``role`` to ``user`` on ``unit`` (and so on its whole subtree).

    Nobody can hand out more than they hold: every permission of the role must be held by the actor at ``unit`` or
    above it (``access.delegable_at``).
    """
    access.require_action(actor, view_perm=VIEW_UNIT, perm=GRANT_ROLES, unit=unit)
    missing = _beyond_actor(actor, role, unit)
    if missing:
        raise ValidationError(_("您不能授予超出自身权限的角色（缺少：%(perms)s）。") % {"perms": _perm_labels(missing)})
    if not unit.is_active:
        raise ValidationError(_("不能在已撤销的组织上授权。"))
    if not getattr(user, "is_active", False):
        raise ValidationError(_("该账户已停用，不能授权。"))
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, role=role, unit=unit, granted_by=access.user_of(actor))
            audit_record(
                actor=actor,
                action="authz.grant_create",
                target=grant,
                unit=unit,
                after={"user": user.pk, "role": role.code, "unit": unit.pk},
                target_repr=f"{user} · {role.name} @ {unit.name}",
            )
    except IntegrityError:
        raise ValidationError(_("该用户已在此组织拥有这个角色。")) from None
    access.forget(user)
    return grant


def _beyond_actor(actor: access.Actor, role: Role, unit: OrgUnit) -> set[str]:
    """Permissions of ``role`` that ``actor`` may not delegate at ``unit``: nobody grants or revokes above themselves
    (a permission held only where granted is delegable from above: see ``access.delegable_at``)."""
    return set(role.permission_names()) - access.delegable_at(actor, unit)


def grant_revoke(*, actor: access.Actor, grant: RoleGrant) -> RoleGrant:
    """Revoke a grant (the row is kept). As with granting, nobody can revoke a role carrying permissions they do
    not hold there themselves: a chair cannot strip the system administrator of the same unit."""
    access.require_action(actor, view_perm=VIEW_ROLES, perm=GRANT_ROLES, unit=grant.unit)
    missing = _beyond_actor(actor, grant.role, grant.unit)
    if missing:
        raise ValidationError(_("您不能收回超出自身权限的角色（缺少：%(perms)s）。") % {"perms": _perm_labels(missing)})
    with transaction.atomic():
        grant = RoleGrant.objects.select_for_update().select_related("unit", "role", "user").get(pk=grant.pk)
        if grant.revoked_at is not None:
            raise ValidationError(_("该授权已被收回。"))
        grant.revoked_at = timezone.now()
        grant.revoked_by = access.user_of(actor)
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="authz.grant_revoke",
            target=grant,
            unit=grant.unit,
            before={"active": True},
            after={"active": False},
            target_repr=f"{grant.user} · {grant.role.name} @ {grant.unit.name}",
        )
    access.forget(grant.user)
    return grant
