"""Scheduled job of legal aid (django-tasks): missed deadlines escalate, once each."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.legal_aid.cases.services import cases_escalate


@task()
def escalate_overdue_cases(on: str | None = None) -> dict[str, int]:
    """Stamp the decisions, assignments and arbitration awards past due; ``on`` is an ISO date (default: today).
    Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return cases_escalate(today=day)
