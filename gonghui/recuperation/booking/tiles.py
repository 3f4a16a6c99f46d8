"""Member portal tile "疗休养" (members only): the trips the member may book and their own bookings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("疗休养"),
        url_name="recuperation_portal:trips",
        description=_("职工疗休养线路预订、候补与取消"),
        icon="travel",
        order=60,
        when=members_only,
    )
]
