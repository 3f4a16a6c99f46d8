"""The console home's panel of skill training: courses past their end date still waiting to be finished (and their
certificates issued)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.contests.models import Course, CourseStatus
from gonghui.contests.permissions import MANAGE_TRAINING


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_TRAINING):
        return []
    today = timezone.localdate()
    running = access.scope(Course.objects.filter(status=CourseStatus.OPEN), actor, MANAGE_TRAINING)
    return [
        summarize(
            running,
            label=_("培训课程进行中（逾期未结业发证）"),
            url=reverse("contests:course_list") + "?status=open",
            since="starts_on",
            overdue=Q(ends_on__lt=today),
        )
    ]


PANELS: list[Panel] = [Panel(title=_("技能培训"), waiting=waiting, order=81)]
