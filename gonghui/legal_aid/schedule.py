"""Recurring jobs of 法律维权 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.legal_aid.requests.tasks import escalate_overdue_requests

SCHEDULE: list[Every] = [
    # ``cases/``
    # ``supervision/``
    # ``requests/``: open workers' requests past their deadline are escalated once, shown on the console home.
    Every("legal_aid.escalate_overdue_requests", escalate_overdue_requests, interval=timedelta(days=1)),
    # ``stats/``
]
