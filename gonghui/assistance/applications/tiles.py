"""Member portal tile "困难帮扶" (members only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("困难帮扶"),
        url_name="assistance_portal:hardship_mine",
        description=_("申请帮扶、查看进度与款项、本单位公示"),
        icon="help",
        order=50,
        when=members_only,
    )
]
