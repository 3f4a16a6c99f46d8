"""Scheduled job of bargaining cases (django-tasks): missed deadlines escalate, once each."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.bargaining.negotiations.services import deadlines_escalate


@task()
def escalate_overdue_deadlines(on: str | None = None) -> dict[str, int]:
    """Mark deadlines past their day and not met; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"escalated": deadlines_escalate(today=day)}
