"""Recurring jobs of 法律维权 (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.legal_aid.cases.tasks import escalate_overdue_cases
from gonghui.legal_aid.requests.tasks import escalate_overdue_requests
from gonghui.legal_aid.supervision.tasks import escalate_overdue_notices

SCHEDULE: list[Every] = [
    # ``cases/``: decisions, assignments and arbitration awards past due, stamped once each, on the home panel.
    Every("legal_aid.escalate_overdue_cases", escalate_overdue_cases, interval=timedelta(days=1)),
    # ``supervision/``: notices whose reply is past due, stamped once, on the home panel.
    Every("legal_aid.escalate_overdue_notices", escalate_overdue_notices, interval=timedelta(days=1)),
    # ``requests/``: open workers' requests past their deadline are escalated once, shown on the console home.
    Every("legal_aid.escalate_overdue_requests", escalate_overdue_requests, interval=timedelta(days=1)),
]
