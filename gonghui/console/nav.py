"""Console navigation: each app lists its entries in ``gonghui/<app>/nav.py`` as ``NAV = [NavItem(...)]``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise

from gonghui.common.discovery import app_modules


@dataclass(frozen=True)
class NavItem:
    label: Promise | str
    url_name: str
    perm: str
    section: Promise | str = ""
    order: int = 100
    # Shown also to holders of any of these (e.g. a union's own finance staff or an audit committee above it).
    or_perms: tuple[str, ...] = ()

    def shown_to(self, holds: Callable[[str], bool]) -> bool:
        return any(holds(p) for p in (self.perm, *self.or_perms))


@cache
def all_items() -> tuple[NavItem, ...]:
    items = [item for module in app_modules("nav") for item in getattr(module, "NAV", [])]
    return tuple(sorted(items, key=lambda i: i.order))
