"""Scheduled job of proposals (django-tasks): overdue answers escalate."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.congress.proposals.services import proposals_escalate


@task()
def escalate_overdue_proposals(on: str | None = None) -> dict[str, int]:
    """Mark accepted proposals whose answer is past due; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"escalated": proposals_escalate(today=day)}
