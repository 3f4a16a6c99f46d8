"""Member portal tile "技能培训" (members only): courses of the worker's union, places, hours and certificates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("技能培训"),
        url_name="contests_portal:course_home",
        description=_("报名培训课程，查看学时和培训证书"),
        icon="cases",
        order=81,
        when=members_only,
    )
]
