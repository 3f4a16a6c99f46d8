"""The console home's panel of services and activities: activities that have ended and wait to be finished
(check-ins turned into completed or no-show), and published activities whose sign-up is open."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize
from gonghui.worker_services.models import Activity, ActivityStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_ACTIVITIES):
        return []
    now = timezone.now()
    running = access.scope(
        Activity.objects.filter(status__in=(ActivityStatus.PUBLISHED, ActivityStatus.CLOSED)), actor, MANAGE_ACTIVITIES
    )
    return [
        summarize(
            running,
            label=_("服务活动进行中（已结束未办结为逾期）"),
            url=reverse("worker_services:activity_list") + "?status=published",
            since="published_at",
            overdue=Q(ends_at__lt=now),
        )
    ]


PANELS: list[Panel] = [Panel(title=_("服务活动"), waiting=waiting, order=60)]
