"""Writes to roles and grants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.audit.services import audit_record
from gonghui.authz import access, registry
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.authz.permissions import GRANT_ROLES, MANAGE_ROLES, VIEW_ROLES
from gonghui.authz.roles import DEFAULT_ROLES, SYSADMIN
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT


def roles_sync(*, actor: access.Actor | None = None) -> list[Role]:
    """Create missing default roles and add newly declared default permissions to them (idempotent)."""
    out = []
    # Stored as the zh-hans source strings, whatever the language of the request (``common.datanames``).
    with transaction.atomic(), translation.override("zh-hans"):
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


#: Permissions the system administrator role (``sysadmin``) always keeps: without them nobody could manage roles.
SYSADMIN_CORE = frozenset({str(MANAGE_ROLES), str(GRANT_ROLES), str(VIEW_ROLES), str(VIEW_UNIT)})


def _role_managers(*, without_grant: int | None = None, without_role: int | None = None) -> set[int]:
    """Active users holding ``authz.manage_roles`` at a tree root (where it takes effect), leaving out one grant
    or every grant of one role (the change being checked)."""
    qs = RoleGrant.objects.filter(
        revoked_at__isnull=True,
        user__is_active=True,
        unit__depth=1,
        role__role_permissions__permission=str(MANAGE_ROLES),
    )
    if without_grant is not None:
        qs = qs.exclude(pk=without_grant)
    if without_role is not None:
        qs = qs.exclude(role_id=without_role)
    return set(qs.values_list("user_id", flat=True))


LAST_MANAGER_MESSAGE = _(
    "这是最后一位在顶级组织拥有“编辑角色定义”权限的有效账户：收回或删去后将无人能管理角色，操作被拒绝。"
    "请先为另一位管理员授予该权限。"
)


def _check_system_role(role: Role, perms: list[str]) -> None:
    """The limits of a system (default) role: its name may change (never to empty, checked for every role), its
    permissions may change but never to none, and the system administrator role keeps ``SYSADMIN_CORE``."""
    if not role.is_system:
        return
    if not perms:
        raise ValidationError({"permissions": _("系统预置角色至少保留一项权限。")})
    if role.code == SYSADMIN:
        missing = SYSADMIN_CORE - set(perms)
        if missing:
            raise ValidationError(
                {"permissions": _("系统管理员角色必须保留：%(perms)s。") % {"perms": _perm_labels(missing)}}
            )


def role_save(
    *, actor: access.Actor, role: Role | None, code: str, name: str, description: str, permissions: Iterable[str]
) -> Role:
    """Create or edit a role definition. Roles are platform-wide: editing needs the right at a tree root.

    A name is never empty; system roles keep at least one permission (the administrator role its core); and the
    last holder of ``authz.manage_roles`` at a tree root cannot lose it through their role."""
    access.require_at_root(actor, MANAGE_ROLES)
    perms = _validate_perms(permissions)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写角色名称。")})
    if role is not None:
        _check_system_role(role, perms)
    with transaction.atomic():
        if role is None:
            if Role.objects.filter(code=code).exists():
                raise ValidationError({"code": _("角色代码已存在。")})
            role = Role(code=code)
            before: dict[str, Any] = {}
        else:
            role = Role.objects.select_for_update().get(pk=role.pk)
            before = {"name": role.name, "description": role.description, "permissions": role.permission_names()}
            if str(MANAGE_ROLES) in before["permissions"] and str(MANAGE_ROLES) not in perms:
                if _role_managers() and not _role_managers(without_role=role.pk):
                    raise ValidationError(LAST_MANAGER_MESSAGE)
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
        manages = str(MANAGE_ROLES) in grant.role.permission_names()
        if manages and _role_managers() and not _role_managers(without_grant=grant.pk):
            raise ValidationError(LAST_MANAGER_MESSAGE)
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
