"""The console home's panel of knowledge quizzes: drafts waiting to be published."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.contests.models import Quiz, QuizStatus
from gonghui.contests.permissions import MANAGE_QUIZ


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_QUIZ):
        return []
    drafts = access.scope(Quiz.objects.filter(status=QuizStatus.DRAFT), actor, MANAGE_QUIZ)
    return [
        summarize(
            drafts, label=_("知识竞赛待发布"), url=reverse("contests:quiz_list") + "?status=draft", since="created_at"
        )
    ]


PANELS: list[Panel] = [Panel(title=_("知识竞赛"), waiting=waiting, order=80)]
