"""The console home's panel of needs surveys: drafts waiting to go out, closed surveys whose results wait to be
published."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.worker_services.models import Survey, SurveyStatus
from gonghui.worker_services.permissions import MANAGE_SURVEYS


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_SURVEYS):
        return []
    mine = access.scope(Survey.objects.all(), actor, MANAGE_SURVEYS)
    url = reverse("worker_services:survey_list")
    return [
        summarize(
            mine.filter(status=SurveyStatus.DRAFT), label=_("问卷待发布"), url=url + "?status=draft", since="created_at"
        ),
        summarize(
            mine.filter(status=SurveyStatus.CLOSED),
            label=_("调查结果待公布"),
            url=url + "?status=closed",
            since="created_at",
        ),
    ]


PANELS: list[Panel] = [Panel(title=_("需求调查"), waiting=waiting, order=60)]
