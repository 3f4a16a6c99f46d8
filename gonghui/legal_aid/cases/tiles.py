"""Member portal tile "法律援助" (members: they may ask online; others call 12351)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("法律援助"),
        url_name="legal_aid_portal:case_mine",
        description=_("劳动争议申请工会法律援助，查看律师和办理进展"),
        icon="law",
        order=70,
        when=members_only,
    )
]
