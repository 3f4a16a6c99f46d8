"""Scheduled jobs of the member roster (django-tasks)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from gonghui.members.roster.services import members_flag_inactive


@task()
def flag_inactive_members(on: str | None = None) -> int:
    """Flag active members with no recorded activity for the policy period; ``on`` is an ISO date (default:
    today). Returns how many members were flagged. Run daily (see the ``flag_inactive_members`` command)."""
    from gonghui.policy.selectors import policy_today

    day = date.fromisoformat(on) if on else policy_today()
    return members_flag_inactive(on=day)
