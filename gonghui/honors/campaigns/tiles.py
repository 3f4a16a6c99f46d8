"""Member portal tile "荣誉与评选": the worker's honours, nominations and benefits, and the publicity lists."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def member(actor: Any) -> bool:
    from gonghui.members.roster.selectors import is_member

    return bool(is_member(actor=actor))


TILES = [
    Tile(
        label=_("荣誉与评选"),
        url_name="honors_portal:honors_mine",
        description=_("我的劳模工匠荣誉、推荐进度和待遇，评选公示"),
        icon="award",
        order=62,
        when=member,
    )
]
