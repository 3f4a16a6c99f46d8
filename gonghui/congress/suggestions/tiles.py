"""Member portal tile "合理化建议" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("合理化建议"),
        url_name="congress_portal:suggestion_mine",
        description=_("随时提出改进建议，跟踪评审、实施与奖励"),
        icon="cases",
        order=70,
        when=members_only,
    )
]
