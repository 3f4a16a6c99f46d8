"""Member portal tile "困难帮扶" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def members_only(user: Any) -> bool:
    """The predicate of the module's members-only tiles."""
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=user)


TILES = [
    Tile(
        label=_("困难帮扶"),
        url_name="assistance_portal:hardship_mine",
        description=_("申请帮扶、查看进度与款项、本单位公示"),
        icon="help",
        order=50,
        when=members_only,
    )
]
