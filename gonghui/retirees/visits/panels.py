"""The console home's panel of visits: planned visits due within two weeks, with those past their planned day
counted as overdue, over the actor's subtree, so every level above sees its unions' overdue visits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.policy.selectors import policy_today
from gonghui.retirees.models import Visit, VisitStatus
from gonghui.retirees.permissions import VIEW_RETIREES


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, VIEW_RETIREES):
        return []
    today = policy_today()
    url = reverse("retirees:visit_list")
    planned = access.scope(Visit.objects.filter(status=VisitStatus.PLANNED), actor, VIEW_RETIREES)
    return [
        summarize(
            planned.filter(planned_on__lte=today + timedelta(days=14)),
            label=_("待走访（两周内及逾期）"),
            url=f"{url}?status=planned",
            since="planned_on",
            overdue=Q(planned_on__lt=today),
        )
    ]


PANELS: list[Panel] = [Panel(title=_("退休职工走访"), waiting=waiting, order=90)]
