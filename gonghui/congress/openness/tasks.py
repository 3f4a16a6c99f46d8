"""Scheduled job of the openness of affairs (django-tasks): overdue questions escalated."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.congress.openness.services import questions_escalate


@task()
def escalate_disclosure_questions(on: str | None = None) -> dict[str, int]:
    """Escalate the questions unanswered past their due day; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"escalated": questions_escalate(today=day)}
