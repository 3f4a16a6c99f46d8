"""Member portal tile "我的会费"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("我的会费"),
        url_name="finance_portal:my_dues",
        description=_("会费交纳记录"),
        icon="card",
        order=40,
        when=members_only,
    )
]
