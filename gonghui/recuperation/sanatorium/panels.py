"""The console home's panel of the sanatorium side: incidents not closed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.recuperation.models import Incident
from gonghui.recuperation.permissions import RUN_TRIPS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, RUN_TRIPS):
        return []
    open_ = Incident.objects.filter(access.scope_q(actor, RUN_TRIPS, path_field="trip__unit__path"), closed=False)
    return [
        summarize(open_, label=_("疗休养突发情况未处置完毕"), url=reverse("recuperation:run_list"), since="happened_at")
    ]


PANELS = [Panel(title=_("疗休养报到与突发情况"), waiting=waiting, order=65)]
