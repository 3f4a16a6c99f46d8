"""Recurring jobs of the member roster (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.members.imports.tasks import purge_import_files, reap_import_jobs
from gonghui.members.roster.tasks import flag_inactive_members
from gonghui.members.stats.selectors import REFRESH_SECONDS
from gonghui.members.stats.tasks import refresh_member_stats

SCHEDULE = [
    Every("members.flag_inactive", flag_inactive_members, interval=timedelta(days=1)),
    # Statistics snapshots (target P5, data at most 60 s old): every 10 s; a run recomputes only the groups whose
    # members changed (well under a second), a full recompute (first run, new day, org-tree change, hourly safety
    # net) a few seconds per 100k members. Bound: interval + the scheduler's tick (2 s) + the worker's poll (1 s)
    # + the run time (docs/performance.md, "Member statistics (P5)").
    Every("members.refresh_stats", refresh_member_stats, interval=timedelta(seconds=REFRESH_SECONDS)),
    # Uploaded roster files: deleted at the latest members.import_file_retention_days (a policy, in days) after
    # their job's last activity; an hourly run keeps that within an hour.
    Every("members.purge_import_files", purge_import_files, interval=timedelta(hours=1)),
    # Import jobs whose worker was lost (no heartbeat for lease.LEASE_SECONDS): marked failed within a minute more.
    Every("members.reap_import_jobs", reap_import_jobs, interval=timedelta(minutes=1)),
]
