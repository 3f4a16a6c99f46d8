"""Service tiles on the member portal's home page.

Each module that serves workers lists its entries in ``gonghui/<app>/tiles.py`` as ``TILES = [Tile(...)]`` and adds
them to :data:`TILES` in its ``AppConfig.ready()``. The portal shows a tile only when its service exists (its URL
resolves) and the worker may use it (:meth:`Tile.shown_to`: the module's ``when`` predicate, e.g. 入会 only for a
worker who is not yet a member, 会员卡 only for a member). The anonymous landing page lists what exists
(:func:`offered_tiles`), never a service that no module provides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from gonghui.common.contributions import Contributions


@dataclass(frozen=True)
class Tile:
    label: Promise | str
    url_name: str
    description: Promise | str = ""
    icon: str = "service"  # one of the icons in portal/_icon.html
    order: int = 100
    # Whether this signed-in worker may use the service (``None``: every signed-in worker). Called once per home
    # page; a predicate that reads the database should memoize on the user object (see ``members.tiles``).
    when: Callable[[Any], bool] | None = None

    def url(self) -> str | None:
        """The service's URL, or ``None`` when no module serves it."""
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def shown_to(self, user: Any) -> bool:
        """Whether the portal shows this tile to ``user``: the service exists and the worker may use it."""
        if user is None or not getattr(user, "is_authenticated", False) or self.url() is None:
            return False
        return self.when is None or bool(self.when(user))


@dataclass(frozen=True)
class ShownTile:
    label: Promise | str
    url: str
    description: Promise | str
    icon: str


TILES: Contributions[Tile] = Contributions("portal tiles", order=lambda tile: tile.order)


def all_tiles() -> tuple[Tile, ...]:
    return TILES.items()


def _shown(tile: Tile, url: str) -> ShownTile:
    return ShownTile(label=tile.label, url=url, description=tile.description, icon=tile.icon)


def visible_tiles(user: Any) -> list[ShownTile]:
    """The tiles of the signed-in worker's home page."""
    shown = []
    for tile in all_tiles():
        url = tile.url()
        if url is not None and tile.shown_to(user):
            shown.append(_shown(tile, url))
    return shown


def offered_tiles() -> list[ShownTile]:
    """Every service that exists (the anonymous landing page: what signing in leads to)."""
    shown = []
    for tile in all_tiles():
        url = tile.url()
        if url is not None:
            shown.append(_shown(tile, url))
    return shown
