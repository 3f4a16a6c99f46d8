"""The one registry of permissions.

Each app declares its permissions in ``<app>/permissions.py``::

    from gonghui.authz.registry import declare

    VIEW_UNIT = declare("orgs.view_unit", _("查看组织"))
    REVEAL_ID = declare("members.reveal_id_number", _("查看完整身份证号"), sensitive=True, roles=(CHAIR,))

``roles`` lists the default roles (``authz.roles``) that carry the permission when roles are first set up.
A permission is a ``str`` subclass, so it can be passed wherever a permission name is expected. ``sensitive``
permissions (revealing personal data, approving money) require the holder to sign in with TOTP.
A permission is normally inherited by the whole subtree of the unit where its role is granted; one declared with
``inherited=False`` holds only at that unit itself (keeping a union's own books: the city's accountant does not keep
the grassroots unions' books, while the city's audit committee may read them).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise

_NAME_RE = re.compile(r"^[a-z_]+\.[a-z]+(_[a-z]+)*$")


class Perm(str):
    """A declared permission name such as ``orgs.manage_unit`` (``app.verb_noun``)."""

    label: Promise | str
    sensitive: bool
    default_roles: frozenset[str]
    inherited: bool

    def __new__(
        cls,
        name: str,
        label: Promise | str,
        *,
        sensitive: bool = False,
        roles: tuple[str, ...] = (),
        inherited: bool = True,
    ) -> Perm:
        obj = super().__new__(cls, name)
        obj.label = label
        obj.sensitive = sensitive
        obj.default_roles = frozenset(roles)
        obj.inherited = inherited
        return obj

    @property
    def app_label(self) -> str:
        return self.split(".", 1)[0]

    def __reduce__(self) -> tuple[Any, ...]:
        return (get, (str(self),))


_registry: dict[str, Perm] = {}


class UnknownPermission(KeyError):
    pass


def declare(
    name: str,
    label: Promise | str,
    *,
    sensitive: bool = False,
    roles: tuple[str, ...] = (),
    inherited: bool = True,
) -> Perm:
    """Declare a permission; ``roles`` names the default roles (see ``authz.roles``) that include it;
    ``inherited=False`` makes it hold only at the unit where the role is granted, not below."""
    if not _NAME_RE.match(name):
        raise ValueError(f"permission names are 'app.verb_noun', got {name!r}")
    existing = _registry.get(name)
    if existing is not None:
        if existing.sensitive != sensitive or existing.inherited != inherited:
            raise ValueError(f"permission {name!r} declared twice with different sensitivity or inheritance")
        return existing
    perm = Perm(name, label, sensitive=sensitive, roles=roles, inherited=inherited)
    _registry[name] = perm
    return perm


def get(name: str) -> Perm:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownPermission(name) from None


def all_perms() -> list[Perm]:
    return sorted(_registry.values())


def is_declared(name: str) -> bool:
    return name in _registry


def local_names() -> frozenset[str]:
    """Permissions that hold only at the unit where they are granted (``inherited=False``)."""
    return frozenset(p for p in _registry.values() if not p.inherited)


def sensitive_names() -> frozenset[str]:
    return frozenset(p for p in _registry.values() if p.sensitive)
