"""Recurring jobs of the one-screen overview (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.overview.selectors import REFRESH_SECONDS
from gonghui.overview.tasks import refresh_overview

SCHEDULE = [
    # Snapshots of every federation (target P5, data at most 60 s old): every 20 s. Bound: interval + the
    # scheduler's tick (2 s) + the worker's poll (1 s) + the run time (docs/overview.md, "Freshness").
    Every("overview.refresh", refresh_overview, interval=timedelta(seconds=REFRESH_SECONDS)),
]
