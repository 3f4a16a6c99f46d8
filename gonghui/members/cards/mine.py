"""The member card in "what is mine" on the portal home (members only; no query: the membership is memoized)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.members.roster.selectors import my_member_memoized
from gonghui.portal.mine import MineItem


def member_card(user: Any) -> list[MineItem]:
    member = my_member_memoized(actor=user)
    if member is None:
        return []
    return [
        MineItem(
            label=_("电子会员卡"),
            value=member.unit.display_name,
            url=reverse("member_portal:card"),
            hint=_("出示二维码即可核验会员身份"),
            icon="card",
            order=10,
        )
    ]
