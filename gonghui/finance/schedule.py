"""Recurring jobs of union funds (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.finance.audits.tasks import escalate_overdue_rectifications

SCHEDULE = [
    Every("finance.escalate_rectifications", escalate_overdue_rectifications, interval=timedelta(hours=6)),
]
