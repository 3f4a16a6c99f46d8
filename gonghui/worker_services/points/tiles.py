"""Member portal tile "附近服务阵地": anyone (the points are public)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("附近服务阵地"),
        url_name="worker_services_portal:point_map",
        description=_("职工之家、爱心驿站：喝水、充电、歇脚"),
        icon="map",
        order=62,
    )
]
