"""Member portal tile "荣誉与评选": the worker's honours, nominations and benefits, and the publicity lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("荣誉与评选"),
        url_name="honors_portal:honors_mine",
        description=_("我的劳模工匠荣誉、推荐进度和待遇，评选公示"),
        icon="award",
        order=62,
        when=members_only,
    )
]
