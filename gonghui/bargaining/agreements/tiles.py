"""Member portal tile "集体合同" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("集体合同"),
        url_name="bargaining_portal:agreement_mine",
        description=_("本单位适用的集体合同和工资增长"),
        icon="law",
        order=75,
        when=members_only,
    )
]
