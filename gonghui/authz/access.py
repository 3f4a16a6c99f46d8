"""The one evaluator and the one scope helper.

A role granted on an org unit applies to that unit's whole subtree. Everything here works on the
materialized path of ``orgs.OrgUnit``: a grant at path ``P`` covers every unit whose path starts with ``P``.
A permission declared ``inherited=False`` covers only the unit at path ``P`` itself.

- :func:`check` answers "may this actor do ``perm`` at ``unit``?";
- :func:`scope` filters any queryset to the rows whose unit lies where the actor holds ``perm``
  (a single query: an OR of indexed prefix matches, never a loop over units);
- :func:`require` / :func:`require_visible` raise 403 / 404 for services and views;
- :func:`actor_of` is the actor of a request, :func:`user_of` the user account to record in a ForeignKey.

An actor's grants are read once (one query) and cached on the actor object for the rest of the request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from gonghui.authz import registry

if TYPE_CHECKING:
    from gonghui.accounts.models import User
    from gonghui.orgs.models import OrgUnit

_CACHE_ATTR = "_gonghui_authz_grants"

M = TypeVar("M", bound=Model)


class Actor(Protocol):
    """Who acts: the signed-in user (``request.user``), possibly anonymous. Services check and scope an actor
    by its grants (read by ``pk``) and record it in the audit chain; :func:`user_of` gives the user account to
    store in a ForeignKey."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...


class _SignedRequest(Protocol):
    """A Django ``HttpRequest`` or a DRF ``Request``."""

    @property
    def user(self) -> Actor: ...


def actor_of(request: _SignedRequest) -> Actor:
    """The actor of ``request``: its user, possibly anonymous."""
    return request.user


def user_of(actor: Actor | None) -> User | None:
    """The user account behind ``actor``, for a ForeignKey to the user model: ``None`` for no actor (a system
    act) or an anonymous one. Any other actor that claims to be signed in is a programming error."""
    from gonghui.accounts.models import User

    if actor is None or not actor.is_authenticated:
        return None
    if not isinstance(actor, User):
        raise TypeError(f"{actor!r} is signed in but is not a user account")
    return actor


def require_user(actor: Actor) -> User:
    """The user account behind ``actor``, for a service that records who acted in a ForeignKey: an anonymous
    visitor (whom the console's and the portal's guards turn away before any service runs) is refused with 403."""
    user = user_of(actor) if actor.is_authenticated else None
    if user is None:
        raise Forbidden(_("您没有执行此操作的权限。"))
    return user


class HasPath(Protocol):
    path: str


class NotVisible(Http404):
    """The object is outside the actor's scope: answered as 404 so that its existence does not leak."""


class Forbidden(PermissionDenied):
    """The object is visible to the actor but the action is not allowed: answered as 403."""


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths that lie under another path of the set; sorted for stable queries."""
    result: list[str] = []
    for path in sorted(paths, key=lambda p: (len(p), p)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return tuple(sorted(result))


def _load(actor: Actor) -> dict[str, tuple[str, ...]]:
    from gonghui.authz.models import RoleGrant

    cached: dict[str, tuple[str, ...]] | None = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    by_perm: dict[str, set[str]] = defaultdict(set)
    if actor is not None and actor.is_authenticated:
        rows = RoleGrant.objects.filter(user_id=actor.pk, revoked_at__isnull=True).values_list(
            "unit__path", "role__role_permissions__permission"
        )
        for path, perm in rows:
            if perm:
                by_perm[perm].add(path)
    local = registry.local_names()
    loaded = {perm: tuple(sorted(paths)) if perm in local else _minimal(paths) for perm, paths in by_perm.items()}
    try:
        setattr(actor, _CACHE_ATTR, loaded)
    except AttributeError:  # pragma: no cover - exotic actor objects
        pass
    return loaded


def forget(actor: object) -> None:
    """Drop the cached grants of ``actor`` (after its grants changed in this request)."""
    if hasattr(actor, _CACHE_ATTR):
        delattr(actor, _CACHE_ATTR)


def grant_paths(actor: Actor, perm: str) -> tuple[str, ...]:
    """The minimal set of unit paths under which ``actor`` holds ``perm`` (for a permission that is not
    inherited: the paths of the units where it is held)."""
    registry.get(perm)  # an undeclared permission is a programming error
    return _load(actor).get(perm, ())


def _covers(perm: str, grant: str, path: str) -> bool:
    return path.startswith(grant) if registry.get(perm).inherited else path == grant


def held_permissions(actor: Actor) -> frozenset[str]:
    return frozenset(_load(actor))


def holds_any_role(actor: Actor) -> bool:
    return bool(_load(actor))


def needs_otp(actor: Actor) -> bool:
    """True when any permission the actor holds is sensitive (revealing personal data, approving money)."""
    return bool(held_permissions(actor) & registry.sensitive_names())


def check(actor: Actor, perm: str, unit: HasPath | None) -> bool:
    if unit is None:
        return False
    return any(_covers(perm, p, unit.path) for p in grant_paths(actor, perm))


def check_anywhere(actor: Actor, perm: str) -> bool:
    return bool(grant_paths(actor, perm))


def perms_at(actor: Actor, unit: HasPath) -> frozenset[str]:
    return frozenset(perm for perm, paths in _load(actor).items() if any(_covers(perm, p, unit.path) for p in paths))


def delegable_at(actor: Actor, unit: HasPath) -> frozenset[str]:
    """Permissions the actor may hand out (or take back) at ``unit``: those held there or at any unit above it.
    For a permission that is not inherited this is wider than :func:`perms_at`: the province's administrator
    keeps no grassroots union's books, but may appoint that union's accountant."""
    return frozenset(perm for perm, paths in _load(actor).items() if any(unit.path.startswith(p) for p in paths))


def require(actor: Actor, perm: str, unit: HasPath | None) -> None:
    """Raise 403 unless ``actor`` holds ``perm`` at ``unit``."""
    if not check(actor, perm, unit):
        raise Forbidden(_("您没有执行此操作的权限。"))


def require_visible(actor: Actor, perm: str, unit: HasPath | None) -> None:
    """Raise 404 unless ``actor`` holds ``perm`` at ``unit`` (the object is not theirs to know about)."""
    if not check(actor, perm, unit):
        raise NotVisible(_("未找到。"))


def require_action(actor: Actor, *, view_perm: str, perm: str, unit: HasPath | None) -> None:
    """404 when ``unit`` is outside what ``actor`` may see, 403 when visible but ``perm`` is missing."""
    require_visible(actor, view_perm, unit)
    require(actor, perm, unit)


def subtree_q(paths: Iterable[str], *, path_field: str = "path") -> Q:
    """A ``Q`` matching rows whose ``path_field`` lies in the subtree of any of ``paths`` (nothing when empty)."""
    q = Q()
    for p in paths:
        q |= Q(**{f"{path_field}__startswith": p})
    return q if q else Q(pk__in=[])


def scope_q(actor: Actor, perm: str, *, path_field: str = "path") -> Q:
    """A ``Q`` matching rows whose ``path_field`` lies in the actor's scope for ``perm``."""
    paths = grant_paths(actor, perm)
    if not paths:
        return Q(pk__in=[])
    if not registry.get(perm).inherited:
        return Q(**{f"{path_field}__in": paths})
    return subtree_q(paths, path_field=path_field)


def scope(qs: QuerySet[M], actor: Actor, perm: str, *, unit_field: str | None = "unit") -> QuerySet[M]:
    """Filter ``qs`` to rows whose org unit (``unit_field``; ``None`` for org units themselves) is in scope."""
    path_field = f"{unit_field}__path" if unit_field else "path"
    return qs.filter(scope_q(actor, perm, path_field=path_field))


def units(actor: Actor, perm: str) -> QuerySet[OrgUnit]:
    from gonghui.orgs.models import OrgUnit

    return scope(OrgUnit.objects.all(), actor, perm, unit_field=None)


def root_paths(actor: Actor) -> tuple[str, ...]:
    """The highest units where the actor holds any role (the roots of their tree navigator)."""
    return _minimal({p for paths in _load(actor).values() for p in paths})


def require_anywhere(actor: Actor, perm: str) -> None:
    """Raise 403 unless ``actor`` holds ``perm`` somewhere (list pages and endpoints scoped afterwards)."""
    if not check_anywhere(actor, perm):
        raise Forbidden(_("您没有执行此操作的权限。"))


def check_at_root(actor: Actor, perm: str) -> bool:
    """Platform-wide data (role definitions, the holiday calendar) is edited by holders at a tree root."""
    return any(len(p) == _root_len() for p in grant_paths(actor, perm))


def require_at_root(actor: Actor, perm: str) -> None:
    if not check_at_root(actor, perm):
        raise Forbidden(_("此操作需要在顶级组织拥有相应权限。"))


def _root_len() -> int:
    from gonghui.orgs.models import OrgUnit

    return OrgUnit.steplen


def is_self(actor: Actor, user_id: object) -> bool:
    """A member's own data is reachable by that member."""
    return bool(actor is not None and actor.is_authenticated and actor.pk == user_id)
