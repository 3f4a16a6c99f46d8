"""Member portal tile "知识竞赛" (members only): the quizzes of the worker's union."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import members_only
from gonghui.portal.tiles import Tile

TILES: list[Any] = [
    Tile(
        label=_("知识竞赛"),
        url_name="contests_portal:quiz_home",
        description=_("在线答题，每天可答数次，取最好成绩"),
        icon="star",
        order=80,
        when=members_only,
    )
]
