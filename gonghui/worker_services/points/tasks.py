"""Scheduled job of service points (django-tasks): points not verified within the policy's days are flagged."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.worker_services.points.services import points_flag_stale


@task()
def flag_stale_points(on: str | None = None) -> dict[str, int]:
    """Flag active and suspended points whose record is overdue for verification; ``on`` is an ISO date (default:
    today). Counts only."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return {"flagged": points_flag_stale(today=day)}
