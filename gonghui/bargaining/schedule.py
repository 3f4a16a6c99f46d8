"""Recurring jobs of 平等协商 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.bargaining.agreements.tasks import advance_agreements
from gonghui.bargaining.negotiations.tasks import escalate_overdue_deadlines
from gonghui.common.periodic import Every

SCHEDULE: list[Every] = [
    # ``negotiations/``: every statutory deadline of a case past its day and not met is escalated once (督办), shown
    # on the case, its list and the console home of its union and every union above it.
    Every("bargaining.escalate_overdue_deadlines", escalate_overdue_deadlines, interval=timedelta(days=1)),
    # ``agreements/``: filed agreements without objection take effect; renewal reminders once; expiry.
    Every("bargaining.advance_agreements", advance_agreements, interval=timedelta(days=1)),
    # ``stats/``
]
