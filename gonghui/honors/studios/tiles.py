"""Member portal tile "创新工作室" (members only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("创新工作室"),
        url_name="honors_portal:studio_list",
        description=_("本单位及上级命名的劳模和工匠人才创新工作室"),
        icon="people",
        order=81,
        when=members_only,
    )
]
