"""Service tiles on the member portal's home page.

Each module that serves workers lists its entries in ``gonghui/<app>/tiles.py`` as ``TILES = [Tile(...)]`` and adds
them to :data:`TILES` in its ``AppConfig.ready()``; the portal shows the tiles whose URL exists, in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class ShownTile:
    label: Promise | str
    url: str
    description: Promise | str
    icon: str


TILES: Contributions[Tile] = Contributions("portal tiles", order=lambda tile: tile.order)


def all_tiles() -> tuple[Tile, ...]:
    return TILES.items()


def visible_tiles() -> list[ShownTile]:
    shown = []
    for tile in all_tiles():
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        shown.append(ShownTile(label=tile.label, url=url, description=tile.description, icon=tile.icon))
    return shown
