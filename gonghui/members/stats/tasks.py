"""Background refresh of the member statistics (target P5: dashboards answer from precomputed data at most 60 s
old). Scheduled every ``stats.selectors.REFRESH_SECONDS`` in ``gonghui/members/schedule.py``."""

from __future__ import annotations

import logging

from django_tasks import task

from gonghui.members.stats.selectors import refresh_stats

logger = logging.getLogger(__name__)


@task()
def refresh_member_stats(full: bool = False) -> int:
    """Recompute the statistics groups whose members changed since the last run and roll them up into the
    snapshots (everything on the first run, a new day, an org-tree change, at least every
    ``MEMBER_STATS_FULL_REFRESH_MINUTES``, or with ``full``). Returns the number of snapshot rows written."""
    result = refresh_stats(full=full)
    logger.info("member stats refresh %s", result.as_dict())
    return result.snapshots
