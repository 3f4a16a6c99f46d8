"""Member portal tile "我的体检" (shown to workers who have a check-up)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile

_MEMO = "_gonghui_has_checkup"


def has_checkup(user: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    if not is_member(actor=user):  # the memoized question: no query for anyone who is not a member
        return False
    memo = getattr(user, _MEMO, None)
    if memo is None:
        from gonghui.recuperation.models import Checkup

        memo = Checkup.objects.filter(member__user_id=user.pk).exists()
        setattr(user, _MEMO, memo)
    return bool(memo)


TILES = [
    Tile(
        label=_("我的体检"),
        url_name="recuperation_portal:my_checkups",
        description=_("劳模工匠年度体检预约与结果"),
        icon="health",
        order=66,
        when=has_checkup,
    )
]
