"""Task rows queued before the modules were split into parts still run after the upgrade (migration
``common.0002``): pending rows point at the tasks' new homes; finished rows keep their history."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gonghui.common.migrations.0002_task_paths_after_parts")


def _row(path: str, status: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=path,
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def test_every_new_path_is_a_task_and_no_old_path_still_imports() -> None:
    for old, new in migration.MOVED.items():
        assert isinstance(import_string(new), Task), new
        with pytest.raises(ImportError):
            import_string(old)


def test_pending_rows_are_rewritten_and_finished_rows_kept() -> None:
    old = "gonghui.members.tasks.import_run"
    ready, running, done = _row(old, "READY"), _row(old, "RUNNING"), _row(old, "SUCCESSFUL")
    migration.forwards(apps, None)
    assert DBTaskResult.objects.get(id=ready.id).task_path == migration.MOVED[old]
    assert DBTaskResult.objects.get(id=running.id).task_path == migration.MOVED[old]
    assert DBTaskResult.objects.get(id=done.id).task_path == old
    assert import_string(DBTaskResult.objects.get(id=ready.id).task_path).name == "import_run"
    migration.backwards(apps, None)
    assert DBTaskResult.objects.get(id=ready.id).task_path == old
