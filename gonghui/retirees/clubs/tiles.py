"""Member portal tile "退休社团": shown to retired members only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile
from gonghui.retirees.clubs.selectors import is_retiree

TILES: list[Any] = [
    Tile(
        label=_("退休社团"),
        url_name="retirees_portal:my_clubs",
        description=_("书画、合唱、太极等社团和活动报名"),
        icon="service",
        order=85,
        when=is_retiree,
    )
]
