"""Member portal tile "技能竞赛" (members only, the memoized member question: no query of its own): the contests
open to the worker's union, their entries and results, and a judge's scoring. A judge who is not a member opens the
same page from the link the organiser gives them (shown on the console's stage page)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("技能竞赛"),
        url_name="contests_portal:competition_mine",
        description=_("技能竞赛、教学竞赛报名和成绩，评委在线评分"),
        icon="star",
        order=75,
        when=members_only,
    )
]
