"""Member portal tile "互助保障给付" (members with a cover today, or a claim already filed)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.portal.tiles import Tile


def covered(actor: Any) -> bool:
    """A member (the memoized answer: no query for anyone else) with a cover today or a claim: one or two queries."""
    from gonghui.members.roster.selectors import is_member
    from gonghui.mutual_aid.models import Claim, EnrolledMember, PlanStatus

    if not is_member(actor=actor):
        return False
    today = timezone.localdate()
    cover = EnrolledMember.objects.filter(
        Q(covered_to__isnull=True) | Q(covered_to__gte=today),
        member__user_id=actor.pk,
        covered_from__lte=today,
        plan__starts_on__lte=today,
        plan__ends_on__gte=today,
        plan__status__in=(PlanStatus.PUBLISHED, PlanStatus.CLOSED),
    )
    return cover.exists() or Claim.objects.filter(member__user_id=actor.pk).exists()


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
