"""Recurring jobs of 民主管理 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.congress.proposals.tasks import escalate_overdue_proposals

SCHEDULE: list[Every] = [
    # Accepted proposals past their answer deadline are escalated (督办) and shown on the console home.
    Every("congress.escalate_overdue_proposals", escalate_overdue_proposals, interval=timedelta(days=1)),
]
