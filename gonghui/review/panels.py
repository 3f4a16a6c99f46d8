"""The console home's panel of review: the cases waiting for me (my queue), with the overdue ones."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.console.panels import Panel, Waiting, summarize


def my_queue(actor: Any) -> list[Waiting]:
    from gonghui.review.selectors import case_queue

    return [
        summarize(
            case_queue(actor=actor),
            label=_("待我审核的事项"),
            url=reverse("review:queue"),
            since="step_started_on",
            overdue=Q(due_on__lt=timezone.localdate()),
        )
    ]


PANELS = [Panel(title=_("审核"), waiting=my_queue, order=10)]
