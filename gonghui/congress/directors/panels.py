"""The console home's panel of board seats: seats in office whose term ends within the reminder period (marked by
the daily reminder job)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.congress.models import BoardSeat
from gonghui.congress.permissions import MANAGE_BOARD_SEATS
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_BOARD_SEATS):
        return []
    today = timezone.localdate()
    seats = BoardSeat.objects.filter(
        access.scope_q(actor, MANAGE_BOARD_SEATS, path_field="congress__unit__path"),
        reminded_at__isnull=False,
        ended_early_on__isnull=True,
        ends_on__gte=today,
    )
    return [
        summarize(
            seats,
            label=_("职工董事监事任期即将届满"),
            url=f"{reverse('congress:seat_list')}?state=ending",
            since="reminded_at",
        )
    ]


PANELS: list[Panel] = [Panel(title=_("职工董事监事"), waiting=waiting, order=73)]
