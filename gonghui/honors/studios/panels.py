"""The console home's panel of innovation studios: named studios not yet evaluated for last year (for those who
evaluate them at the naming union)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.honors.models import Studio, StudioEvaluation, StudioStatus
from gonghui.honors.permissions import APPROVE_STUDIOS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, APPROVE_STUDIOS):
        return []
    last_year = timezone.localdate().year - 1
    due = Studio.objects.filter(
        access.scope_q(actor, APPROVE_STUDIOS, path_field="named_by__path"),
        status=StudioStatus.NAMED,
        named_on__year__lte=last_year,
    ).exclude(Exists(StudioEvaluation.objects.filter(studio=OuterRef("pk"), year=last_year)))
    return [
        summarize(
            due,
            label=_("创新工作室待年度考核"),
            url=f"{reverse('honors:studio_list')}?status=named",
            since="named_on",
        )
    ]


PANELS: list[Panel] = [Panel(title=_("创新工作室"), waiting=waiting, order=75)]
