"""Scheduled jobs of household files (django-tasks): the annual review (年审) opening and reminders."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.assistance.households.services import reviews_open_due, reviews_remind


@task()
def open_annual_reviews(on: str | None = None) -> dict[str, int]:
    """Open this year's review of every file whose anniversary month has come and remind the unions of overdue
    reviews; ``on`` is an ISO date (default: today). Returns counts only (no personal data in task results)."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"opened": reviews_open_due(today=day), "reminded": reviews_remind(today=day)}
