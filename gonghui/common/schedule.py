"""Recurring housekeeping of the platform (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from gonghui.common.periodic import Every
from gonghui.common.tasks import prune_task_results

SCHEDULE = [Every("common.prune_task_results", prune_task_results, interval=timedelta(hours=6))]
