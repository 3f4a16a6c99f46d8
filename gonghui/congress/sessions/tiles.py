"""Member portal tile "职代会" (members only): a representative's sessions and votes, the published resolutions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("职代会"),
        url_name="congress_portal:mine",
        description=_("代表签到、表决和提案，会议决议公开"),
        icon="people",
        order=70,
        when=members_only,
    )
]
