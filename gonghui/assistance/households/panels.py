"""The console home's panel of hardship assistance: home visits to make, annual reviews to complete (overdue
counted), files whose income has stayed above the line long enough to leave."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import AnnualReview, HardshipApplication, HardshipStatus, ReviewStatus
from gonghui.assistance.permissions import MANAGE_HARDSHIP
from gonghui.authz import access
from gonghui.console.panels import Panel, Waiting, summarize


def waiting(actor: Any) -> list[Waiting]:
    if not access.check_anywhere(actor, MANAGE_HARDSHIP):
        return []
    today = timezone.localdate()
    visits = access.scope(HardshipApplication.objects.filter(status=HardshipStatus.SUBMITTED), actor, MANAGE_HARDSHIP)
    reviews = access.scope(
        AnnualReview.objects.filter(status=ReviewStatus.OPEN), actor, MANAGE_HARDSHIP, unit_field="file__unit"
    )
    return [
        summarize(
            visits,
            label=_("困难帮扶申请待入户调查"),
            url=reverse("assistance:hardship_visits"),
            since="submitted_at",
            overdue=Q(submitted_at__lt=timezone.now() - timedelta(days=10)),
        ),
        summarize(
            reviews,
            label=_("困难职工档案待年审"),
            url=reverse("assistance:review_list"),
            since="opened_on",
            overdue=Q(due_on__lt=today),
        ),
    ]


PANELS = [Panel(title=_("困难帮扶"), waiting=waiting, order=60)]
