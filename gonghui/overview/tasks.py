"""Background refresh of the one-screen overview (target P5: answers from precomputed data at most 60 s old).
Scheduled every ``selectors.REFRESH_SECONDS`` in ``gonghui/overview/schedule.py``."""

from __future__ import annotations

import logging

from django_tasks import task

from gonghui.overview.selectors import refresh_overviews

logger = logging.getLogger(__name__)


@task()
def refresh_overview() -> int:
    """Recompute the overview snapshot of every unit with sub-units. Returns the rows written (0: another run was
    still going)."""
    written = refresh_overviews()
    logger.info("overview refresh wrote %s snapshots", written)
    return written
