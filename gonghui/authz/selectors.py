"""Reading roles and grants, scoped to the actor."""

from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Prefetch, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.authz import access
from gonghui.authz.models import Role, RoleGrant, RolePermission
from gonghui.authz.permissions import GRANT_ROLES, VIEW_ROLES
from gonghui.common.params import int_param

MAX_USER_SUGGESTIONS = 20


def _as_int(value: object) -> int:
    """An id from a request (``common.params.int_param``); ``ValueError`` for anything else."""
    parsed = int_param(value if isinstance(value, int) else str(value), min_value=1)
    if parsed is None:
        raise ValueError(value)
    return parsed


def role_list(*, actor: access.Actor) -> QuerySet[Role]:
    """Role definitions are platform-wide and readable by any staff member who may view grants."""
    if not access.check_anywhere(actor, VIEW_ROLES):
        return Role.objects.none()
    return Role.objects.prefetch_related(
        Prefetch("role_permissions", queryset=RolePermission.objects.order_by("permission"))
    ).order_by("id")


def role_get(*, actor: access.Actor, role_id: object) -> Role:
    try:
        role: Role = role_list(actor=actor).get(pk=_as_int(role_id))
    except (Role.DoesNotExist, ValueError, TypeError, OverflowError):
        raise access.NotVisible from None
    return role


def grant_list(
    *,
    actor: access.Actor,
    unit_id: int | None = None,
    within_path: str = "",
    include_revoked: bool = False,
    user_id: int | None = None,
    role_id: int | None = None,
    user_query: str = "",
) -> QuerySet[RoleGrant]:
    """Grants on units where the actor may view roles; ``user_query`` matches username or name."""
    qs = access.scope(RoleGrant.objects.select_related("user", "role", "unit"), actor, VIEW_ROLES)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if within_path:
        qs = qs.filter(unit__path__startswith=within_path)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if role_id is not None:
        qs = qs.filter(role_id=role_id)
    user_query = user_query.strip()
    if user_query:
        qs = qs.filter(Q(user__username__icontains=user_query) | Q(user__name__icontains=user_query))
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("unit__path", "user__username", "role_id", "pk")


def grant_get(*, actor: access.Actor, grant_id: object) -> RoleGrant:
    try:
        grant: RoleGrant = RoleGrant.objects.select_related("user", "role", "unit").get(pk=_as_int(grant_id))
    except (RoleGrant.DoesNotExist, ValueError, TypeError, OverflowError):
        raise access.NotVisible from None
    access.require_visible(actor, VIEW_ROLES, grant.unit)
    return grant


def staff_user_search(*, actor: access.Actor, q: str, limit: int = MAX_USER_SUGGESTIONS) -> list[User]:
    """Staff holding an active grant in the actor's scope whose username or name contains ``q``.

    Used to pick an existing colleague when granting a role; never lists accounts outside the actor's subtree.
    """
    q = q.strip()
    if not q:
        return []
    grants = access.scope(RoleGrant.objects.filter(revoked_at__isnull=True), actor, VIEW_ROLES)
    users = (
        User.objects.filter(is_active=True, pk__in=grants.values("user_id"))
        .filter(Q(username__icontains=q) | Q(name__icontains=q))
        .order_by("username")
    )
    return list(users[:limit])


def staff_user_in_scope(*, actor: access.Actor, user_id: object, within_path: str = "") -> tuple[User, RoleGrant]:
    """A user holding (or having held) a grant in the actor's scope, with the highest such grant; else 404."""
    try:
        uid = _as_int(user_id)
    except (ValueError, TypeError, OverflowError):
        raise access.NotVisible from None
    grant = grant_list(actor=actor, user_id=uid, within_path=within_path, include_revoked=True).first()
    if grant is None:
        raise access.NotVisible
    return grant.user, grant


def staff_account_get(*, actor: access.Actor, username: str = "", user_id: object = None) -> User | None:
    """The active staff account with exactly ``username`` (or id ``user_id``), to grant it a role, if the actor
    may see it: it holds, or once held, a grant where the actor may grant roles (an account opened with
    ``staff_create`` got its first grant there, and grants are never deleted). ``None`` otherwise, alike for an
    unknown account, one in another city and a worker account, so that nothing confirms an account exists.
    """
    if not access.check_anywhere(actor, GRANT_ROLES):
        return None
    # Worker accounts (SMS sign-in, no password) cannot use the console: they are not staff accounts.
    qs = User.objects.filter(is_active=True).exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).exclude(password="")
    if user_id is not None:
        try:
            qs = qs.filter(pk=_as_int(user_id))
        except (ValueError, TypeError, OverflowError):
            return None
    elif username.strip():
        qs = qs.filter(username=username.strip())
    else:
        return None
    visible = access.scope(RoleGrant.objects.all(), actor, GRANT_ROLES).values("user_id")
    user: User | None = qs.filter(pk__in=visible).first()
    return user
