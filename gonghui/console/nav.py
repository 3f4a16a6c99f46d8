"""Console navigation: each app lists its entries in ``gonghui/<app>/nav.py`` as ``NAV = [NavItem(...)]`` and adds
them to :data:`NAV` in its ``AppConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


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


NAV: Contributions[NavItem] = Contributions("console menu", order=lambda item: item.order)


def all_items() -> tuple[NavItem, ...]:
    return NAV.items()
