"""The console home's panel of the openness of affairs: workers' questions waiting for an answer, with those past
their due day."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.congress.models import DisclosureQuestion
from gonghui.congress.permissions import MANAGE_OPENNESS
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_OPENNESS):
        return []
    open_ = DisclosureQuestion.objects.filter(
        access.scope_q(actor, MANAGE_OPENNESS, path_field="item__unit__path"), answered_on__isnull=True
    )
    return [
        summarize(
            open_,
            label=_("厂务公开问询待答复"),
            url=f"{reverse('congress:disclosure_questions')}?state=open",
            since="asked_on",
            overdue=Q(due_on__lt=timezone.localdate()),
        )
    ]


PANELS: list[Panel] = [Panel(title=_("厂务公开"), waiting=waiting, order=74)]
