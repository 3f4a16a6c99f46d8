"""The console home's panel of collective bargaining: requests awaiting the other side's reply, drafts awaiting
the vote, and cases with an escalated (missed) deadline, for the union and every union above it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.bargaining.models import BargainingCase, CaseDeadline, CaseStatus
from gonghui.bargaining.permissions import VIEW_BARGAINING
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, VIEW_BARGAINING):
        return []
    scoped = BargainingCase.objects.filter(access.scope_q(actor, VIEW_BARGAINING, path_field="unit__path"))
    escalated = Exists(
        CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True, escalated_at__isnull=False)
    )
    url = reverse("bargaining:case_list")
    return [
        summarize(
            scoped.filter(status=CaseStatus.REQUESTED),
            label=_("协商要约待回应"),
            url=f"{url}?status=requested",
            since="requested_on",
        ),
        summarize(
            scoped.filter(status=CaseStatus.DRAFT),
            label=_("协商草案待审议"),
            url=f"{url}?status=draft",
            since="draft_on",
        ),
        summarize(
            scoped.filter(escalated),
            label=_("平等协商逾期督办"),
            url=f"{url}?escalated=1",
            since="requested_on",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("平等协商"), waiting=waiting, order=75)]
