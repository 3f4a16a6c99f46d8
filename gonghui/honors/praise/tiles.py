"""Member portal tile "点赞台" (members only: the memoized question, no query for anyone else)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES = [
    Tile(
        label=_("点赞台"),
        url_name="honors_portal:praise_wall",
        description=_("为身边的好同事、好师傅点赞"),
        icon="star",
        order=80,
        when=members_only,
    )
]
