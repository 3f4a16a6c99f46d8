"""Reading roles and grants, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from gonghui.authz import access
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.authz.permissions import VIEW_ROLES


def role_list(*, actor: Any) -> QuerySet[Role]:
    """Role definitions are platform-wide and readable by any staff member who may view grants."""
    if not access.check_anywhere(actor, VIEW_ROLES):
        return Role.objects.none()
    return Role.objects.prefetch_related(
        Prefetch("role_permissions", queryset=RolePermission.objects.order_by("permission"))
    ).order_by("id")


def role_get(*, actor: Any, role_id: object) -> Role:
    try:
        return role_list(actor=actor).get(pk=int(str(role_id)))
    except (Role.DoesNotExist, ValueError):
        raise access.NotVisible from None


def grant_list(
    *,
    actor: Any,
    unit_id: int | None = None,
    within_path: str = "",
    include_revoked: bool = False,
    user_id: int | None = None,
) -> QuerySet[RoleGrant]:
    qs = access.scope(RoleGrant.objects.select_related("user", "role", "unit"), actor, VIEW_ROLES)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if within_path:
        qs = qs.filter(unit__path__startswith=within_path)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("unit__path", "user__username", "role_id")


def grant_get(*, actor: Any, grant_id: object) -> RoleGrant:
    try:
        grant = RoleGrant.objects.select_related("user", "role", "unit").get(pk=int(str(grant_id)))
    except (RoleGrant.DoesNotExist, ValueError):
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_ROLES, grant.unit)
    return grant
