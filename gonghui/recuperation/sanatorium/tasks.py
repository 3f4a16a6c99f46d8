"""Scheduled jobs of the sanatorium side (django-tasks)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.recuperation.sanatorium.services import trips_finish_ended


@task()
def finish_ended_trips(on: str | None = None) -> dict[str, int]:
    """Finish the trips that have ended: completed / no-show. Counts only in the result."""
    day = date.fromisoformat(on) if on else None
    return {"trips": trips_finish_ended(today=day)}
