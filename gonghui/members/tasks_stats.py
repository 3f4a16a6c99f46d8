"""Background refresh of the member statistics snapshots (target P5: dashboards answer from precomputed data at
most 60 s old). Scheduled every 30 s in ``gonghui/members/schedule.py``."""

from __future__ import annotations

from django_tasks import task

from gonghui.members.selectors_stats import refresh_snapshots


@task()
def refresh_member_stats() -> int:
    """Recompute the statistics snapshot of every unit with sub-units, per member status, in one pass over the
    members. Returns the number of snapshot rows written."""
    return refresh_snapshots()
