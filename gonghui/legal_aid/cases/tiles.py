"""Member portal tile "法律援助" (members: they may ask online; others call 12351)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def may_ask(actor: Any) -> bool:
    """A member (the memoized answer, one query per page at most)."""
    from gonghui.members.roster.selectors import is_member

    return is_member(actor=actor)


TILES = [
    Tile(
        label=_("法律援助"),
        url_name="legal_aid_portal:case_mine",
        description=_("劳动争议申请工会法律援助，查看律师和办理进展"),
        icon="law",
        order=70,
        when=may_ask,
    )
]
