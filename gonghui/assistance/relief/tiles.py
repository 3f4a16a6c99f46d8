"""Member portal tile "大病救助" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def _is_member(user: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=user)


TILES = [
    Tile(
        label=_("大病救助"),
        url_name="assistance_portal:relief_mine",
        description=_("医保报销后自付费用较高可申请"),
        icon="health",
        order=55,
        when=_is_member,
    )
]
