from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gonghui.common.periodic import schedule
from gonghui.common.tasks import prune_task_results

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _finished(status: str, days_ago: int) -> DBTaskResult:
    result = prune_task_results.using(backend="default").enqueue()
    moment = timezone.now() - timedelta(days=days_ago)
    DBTaskResult.objects.filter(id=result.id).update(status=status, finished_at=moment, enqueued_at=moment)
    return DBTaskResult.objects.get(id=result.id)


@override_settings(TASKS=DB_TASKS, TASK_RESULTS_KEEP_DAYS=1, TASK_RESULTS_FAILED_KEEP_DAYS=30)
def test_old_results_are_pruned_and_recent_or_failed_ones_kept() -> None:
    old_ok = _finished("SUCCESSFUL", days_ago=3)
    new_ok = _finished("SUCCESSFUL", days_ago=0)
    old_failed = _finished("FAILED", days_ago=3)
    ancient_failed = _finished("FAILED", days_ago=40)
    assert prune_task_results.call() is True
    left = set(DBTaskResult.objects.values_list("id", flat=True))
    assert old_ok.id not in left
    assert ancient_failed.id not in left
    assert {new_ok.id, old_failed.id} <= left


def test_without_the_database_backend_nothing_is_pruned() -> None:
    assert prune_task_results.call() is False


def test_pruning_is_scheduled() -> None:
    assert "common.prune_task_results" in {job.name for job in schedule()}
