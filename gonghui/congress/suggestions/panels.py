"""The console home's panel of rational suggestions: suggestions waiting for review, and implemented ones whose
reward is still to be decided."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, HANDLE_SUGGESTIONS):
        return []
    mine = Suggestion.objects.filter(access.scope_q(actor, HANDLE_SUGGESTIONS, path_field="unit__path"))
    url = reverse("congress:suggestion_list")
    return [
        summarize(
            mine.filter(status__in=(SuggestionStatus.SUBMITTED, SuggestionStatus.IN_REVIEW)),
            label=_("合理化建议待评审"),
            url=f"{url}?status=submitted",
            since="submitted_at",
        ),
        summarize(
            mine.filter(status=SuggestionStatus.IMPLEMENTED),
            label=_("合理化建议已实施待奖励"),
            url=f"{url}?status=implemented",
            since="submitted_at",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("合理化建议"), waiting=waiting, order=72)]
