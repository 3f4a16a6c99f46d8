"""Member portal tile "创新工作室" (members only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def _member(actor: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=actor)


TILES = [
    Tile(
        label=_("创新工作室"),
        url_name="honors_portal:studio_list",
        description=_("本单位及上级命名的劳模和工匠人才创新工作室"),
        icon="people",
        order=81,
        when=_member,
    )
]
