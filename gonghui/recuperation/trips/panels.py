"""The console home's panel of recuperation trips: trips whose booking opens within a week, and quotas in the
actor's scope with unused places whose hand-back deadline is within a week."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.recuperation.permissions import MANAGE_TRIPS, VIEW_RECUPERATION
from gonghui.recuperation.trips import selectors


def waiting(actor: Any) -> list[Waiting]:
    out: list[Waiting] = []
    if access.check_anywhere(actor, VIEW_RECUPERATION):
        out.append(
            summarize(
                selectors.trips_opening_soon(actor=actor),
                label=_("一周内开放预订的疗休养线路"),
                url=f"{reverse('recuperation:trip_list')}?status=published",
                since="published_at",
            )
        )
    if access.check_anywhere(actor, MANAGE_TRIPS):
        out.append(
            summarize(
                selectors.quotas_handback_near(actor=actor),
                label=_("一周内到名额退回截止日期、仍有未用名额"),
                url=f"{reverse('recuperation:trip_list')}?status=published",
                since="created_at",
            )
        )
    return out


PANELS: list[Panel] = [Panel(title=_("疗休养"), waiting=waiting, order=70)]
