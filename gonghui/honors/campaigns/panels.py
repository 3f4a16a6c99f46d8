"""The console home's panel of campaigns: nominations waiting to be submitted or returned for changes, and planned
benefits of the current year."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.honors.models import Benefit, BenefitStatus, Nomination, NominationStatus
from gonghui.honors.permissions import MANAGE_BENEFITS, NOMINATE


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    if access.check_anywhere(actor, NOMINATE):
        scoped = access.scope(Nomination.objects.all(), actor, NOMINATE)
        out.append(
            summarize(
                scoped.filter(status__in=(NominationStatus.DRAFT, NominationStatus.RETURNED)),
                label=_("劳模工匠推荐待提交"),
                url=reverse("honors:campaign_list"),
                since="created_at",
            )
        )
    if access.check_anywhere(actor, MANAGE_BENEFITS):
        benefits = access.scope(Benefit.objects.all(), actor, MANAGE_BENEFITS)
        year = timezone.localdate().year
        out.append(
            summarize(
                benefits.filter(year=year, status=BenefitStatus.PLANNED),
                label=_("本年度劳模待遇待落实"),
                url=f"{reverse('honors:benefit_list')}?year={year}&status=planned",
                since="created_at",
            )
        )
    return out


PANELS: list[Panel] = [Panel(title=_("评选表彰"), waiting=waiting, order=56)]
