"""Scheduled jobs of model workers' check-ups (django-tasks)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.recuperation.health.services import checkups_remind_follow_ups


@task()
def remind_follow_ups(on: str | None = None) -> dict[str, int]:
    """Remind workers whose abnormal check-up results are due for follow-up. Counts only in the result."""
    day = date.fromisoformat(on) if on else None
    return {"reminded": checkups_remind_follow_ups(today=day)}
