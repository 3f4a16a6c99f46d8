"""Scheduled job of labour-law supervision (django-tasks): overdue replies escalate, once each."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.legal_aid.supervision.services import notices_escalate


@task()
def escalate_overdue_notices(on: str | None = None) -> dict[str, int]:
    """Stamp the notices whose reply is past due; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"escalated": notices_escalate(today=day)}
