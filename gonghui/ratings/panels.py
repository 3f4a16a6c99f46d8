"""The console home's panel of ratings: poor ratings waiting for the union's return visit (回访)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.ratings.permissions import FOLLOW_UP


def poor_ratings(actor: Any) -> list[Waiting]:
    from gonghui.ratings.selectors import follow_up_queue

    if not access.check_anywhere(actor, FOLLOW_UP):
        return []
    return [
        summarize(
            follow_up_queue(actor=actor), label=_("待回访的差评"), url=reverse("ratings:queue"), since="created_at"
        )
    ]


PANELS = [Panel(title=_("服务评价"), waiting=poor_ratings, order=80)]
