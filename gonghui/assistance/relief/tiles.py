"""Member portal tile "大病救助" (members only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.applications.tiles import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("大病救助"),
        url_name="assistance_portal:relief_mine",
        description=_("医保报销后自付费用较高可申请"),
        icon="health",
        order=55,
        when=members_only,
    )
]
