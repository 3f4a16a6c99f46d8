"""Member portal tile "互助保障": shown when a plan covers the worker or their union is enrolled."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def covered_or_enrolled(user: Any) -> bool:
    """Members only (the memoized question every members-only tile asks), then one query."""
    from gonghui.members.roster.selectors import is_member
    from gonghui.mutual_aid.enrolment.selectors import has_cover_or_enrolled

    return is_member(actor=user) and has_cover_or_enrolled(user)


TILES = [
    Tile(
        label=_("互助保障"),
        url_name="mutual_aid_portal:my_cover",
        description=_("我的职工医疗互助保障：保障计划、档次、保障期与给付标准"),
        icon="health",
        order=56,
        when=covered_or_enrolled,
    )
]
