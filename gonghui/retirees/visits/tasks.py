"""Scheduled job of visits (django-tasks): milestone birthday visits planned ahead, once per member and year."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.policy.selectors import policy_today
from gonghui.retirees.visits.services import birthday_visits_plan


@task()
def plan_birthday_visits(on: str | None = None) -> dict[str, int]:
    """Plan the milestone birthday visits now due; ``on`` is an ISO date (default: today). Counts only."""
    day = date.fromisoformat(on) if on else policy_today()
    return {"planned": birthday_visits_plan(today=day)}
