"""Recurring jobs of the member roster (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.members.selectors_stats import REFRESH_SECONDS
from gonghui.members.tasks_roster import flag_inactive_members
from gonghui.members.tasks_stats import refresh_member_stats

SCHEDULE = [
    Every("members.flag_inactive", flag_inactive_members, interval=timedelta(days=1)),
    # Statistics snapshots: refreshed every 30 s so that, with the scheduler's 10 s tick and a run of a few
    # seconds, the dashboards' data stays within the 60 s of target P5.
    Every("members.refresh_stats", refresh_member_stats, interval=timedelta(seconds=REFRESH_SECONDS)),
]
