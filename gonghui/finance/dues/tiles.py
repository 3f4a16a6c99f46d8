"""Member portal tile "我的会费"."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def _is_member(user: Any) -> bool:
    """Dues are a member's: the tile is shown to a member only."""
    from gonghui.members.roster.selectors import my_member

    return my_member(actor=user) is not None


TILES = [
    Tile(
        label=_("我的会费"),
        url_name="finance_portal:my_dues",
        description=_("会费交纳记录"),
        icon="card",
        order=40,
        when=_is_member,
    )
]
