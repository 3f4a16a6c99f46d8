"""Background jobs of funds audit (经审): escalating overdue rectification orders."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.finance.audits.services import rectifications_escalate


@task()
def escalate_overdue_rectifications(on: str | None = None) -> int:
    """Record the escalation of every rectification order past its deadline (see ``rectifications_escalate``)."""
    return rectifications_escalate(today=date.fromisoformat(on) if on else None)
