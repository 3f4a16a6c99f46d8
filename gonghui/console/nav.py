"""Console navigation: each app lists its entries in ``gonghui/<app>/nav.py`` as ``NAV = [NavItem(...)]``."""

from __future__ import annotations

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


@cache
def all_items() -> tuple[NavItem, ...]:
    items = [item for module in app_modules("nav") for item in getattr(module, "NAV", [])]
    return tuple(sorted(items, key=lambda i: i.order))
