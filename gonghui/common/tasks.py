"""Housekeeping jobs of the platform (scheduled in ``gonghui/common/schedule.py``)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django_tasks import task, task_backends


def _database_backend() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


@task()
def prune_task_results() -> bool:
    """Delete finished task results of the database backend: successful ones after
    ``TASK_RESULTS_KEEP_DAYS``, failed ones after ``TASK_RESULTS_FAILED_KEEP_DAYS`` (the statistics refresh alone
    adds 8,640 rows a day). Returns False when the backend keeps no results in the database."""
    if not _database_backend():
        return False
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
        failed_min_age_days=settings.TASK_RESULTS_FAILED_KEEP_DAYS,
        verbosity=0,
    )
    return True
