"""Scheduled job of agreements (django-tasks): effect after the objection window, renewal reminders, expiry."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.bargaining.agreements.services import agreements_expire, agreements_take_effect


@task()
def advance_agreements(on: str | None = None) -> dict[str, int]:
    """Filed agreements without objection take effect; reminders and expiry. ``on``: ISO date (default: today)."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    effective = agreements_take_effect(today=day)
    return {"in_force": effective, **agreements_expire(today=day)}
