"""Member portal tile "互助保障给付" (covered members: a cover today, or a claim already filed)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def covered(actor: Any) -> bool:
    from gonghui.members.roster.selectors import my_member
    from gonghui.mutual_aid.enrolment.selectors import cover_on
    from gonghui.mutual_aid.models import Claim

    member = my_member(actor=actor)
    if member is None:
        return False
    return cover_on(member.pk, timezone.localdate()) is not None or Claim.objects.filter(member=member).exists()


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
