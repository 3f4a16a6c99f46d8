"""Member portal tile "疗休养" (members only): the trips the member may book and their own bookings."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def members_only(user: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=user)


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
