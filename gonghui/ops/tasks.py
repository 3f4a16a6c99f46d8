"""A trivial task: proves a task backend enqueues and runs (tests, ``manage.py ops_ping``-style smoke checks)."""

from __future__ import annotations

from django_tasks import task


@task()
def ping(value: int) -> int:
    return value + 1
