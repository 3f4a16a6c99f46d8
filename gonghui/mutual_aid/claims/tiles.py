"""Member portal tile "互助保障给付" (members with a cover today, or a claim already filed)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def covered(actor: Any) -> bool:
    """A member (the memoized answer: no query for anyone else) with a cover today or a claim: the mutual-aid
    tiles' one memoized query (``enrolment.selectors.portal_flags``)."""
    from gonghui.members.roster.selectors import is_member
    from gonghui.mutual_aid.enrolment.selectors import portal_flags

    return is_member(actor=actor) and portal_flags(actor).cover_today_or_claim


TILES = [
    Tile(
        label=_("互助保障给付"),
        url_name="mutual_aid_portal:claim_list",
        description=_("参保职工住院、特殊病门诊、重大疾病等可在线申请给付"),
        icon="health",
        order=56,
        when=covered,
    )
]
