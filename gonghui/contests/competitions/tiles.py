"""Member portal tile "技能竞赛": the contests open to the worker's union, their entries and results, and a judge's
scoring (shown to members and to anyone assigned as a judge)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def members_or_judges(user: Any) -> bool:
    from gonghui.contests.models import JudgeAssignment
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=user) or JudgeAssignment.objects.filter(user_id=user.pk).exists()


TILES: list[Any] = [
    Tile(
        label=_("技能竞赛"),
        url_name="contests_portal:competition_mine",
        description=_("技能竞赛、教学竞赛报名和成绩，评委在线评分"),
        icon="star",
        order=75,
        when=members_or_judges,
    )
]
