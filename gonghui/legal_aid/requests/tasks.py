"""Scheduled job of workers' requests (django-tasks): requests past their deadline are escalated once."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.legal_aid.requests.services import requests_escalate


@task()
def escalate_overdue_requests(on: str | None = None) -> dict[str, int]:
    """Mark open requests whose answer is past due; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"escalated": requests_escalate(today=day)}
