"""Service tiles on the member portal's home page.

Each module that serves workers lists its entries in ``gonghui/<app>/tiles.py`` as ``TILES = [Tile(...)]``;
the portal shows the tiles whose URL exists, in ``order``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


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


@cache
def all_tiles() -> tuple[Tile, ...]:
    tiles: list[Tile] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tiles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tiles":
                raise
            continue
        tiles.extend(getattr(module, "TILES", []))
    return tuple(sorted(tiles, key=lambda t: t.order))


def visible_tiles() -> list[ShownTile]:
    shown = []
    for tile in all_tiles():
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        shown.append(ShownTile(label=tile.label, url=url, description=tile.description, icon=tile.icon))
    return shown
