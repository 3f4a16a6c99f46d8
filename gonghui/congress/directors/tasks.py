"""Scheduled job of board seats (django-tasks): reminders before a term ends."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.congress.directors.services import seats_remind


@task()
def remind_board_seats(on: str | None = None) -> dict[str, int]:
    """Remind the unions of seats whose term ends soon; ``on`` is an ISO date (default: today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"reminded": seats_remind(today=day)}
