"""The console home's panel of workers' congresses: congresses that held no session within the policy interval
(``congress.session_interval_months``, read per union)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.congress.congresses.selectors import overdue_congresses
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.console.panels import Panel, Waiting


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, VIEW_CONGRESS):
        return []
    overdue = overdue_congresses(actor=actor, today=timezone.localdate())
    return [
        Waiting(
            label=_("逾期未召开职代会的单位"),
            count=len(overdue),
            url=f"{reverse('congress:congress_list')}?overdue=1",
            oldest=min((c.last_held for c in overdue if getattr(c, "last_held", None)), default=None),  # type: ignore[attr-defined]
            overdue=len(overdue),
        )
    ]


PANELS: list[Panel] = [Panel(title=_("职工代表大会"), waiting=waiting, order=70)]
