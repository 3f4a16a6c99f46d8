"""Readiness checks for an orchestrator: database(s), cache, file storage, task-queue lag.

Each check returns None when healthy or a short reason (an exception class or a figure, never a message that could
carry data). Used by ``/readyz``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections

PROBE_NAME = "ops/readiness-probe.txt"


def _reason(exc: BaseException) -> str:
    return type(exc).__name__


def check_database() -> str | None:
    """The primary only: a lagging or absent replica sends reads back to the primary (``gonghui.ops.routers``), so
    it must not take the web tier out of rotation."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return _reason(exc)
    return None


def check_cache() -> str | None:
    key = f"ops:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _reason(exc)
    return None if value == "1" else "cache did not keep a value"


def check_storage() -> str | None:
    """The default (attachment) storage answers: a HEAD-like ``exists`` on S3, the directory is writable on disk."""
    try:
        default_storage.exists(PROBE_NAME)
        location = getattr(default_storage, "location", None)
        if location is not None and hasattr(default_storage, "path"):
            import os

            os.makedirs(location, exist_ok=True)
            if not os.access(location, os.W_OK):
                return "storage location not writable"
    except Exception as exc:  # noqa: BLE001
        return _reason(exc)
    return None


def check_task_queue() -> str | None:
    from gonghui.ops.queues import queue_stats

    limit = settings.OPS_TASK_QUEUE_MAX_LAG_SECONDS
    if not limit:
        return None
    try:
        stats = queue_stats() or []
    except Exception as exc:  # noqa: BLE001
        return _reason(exc)
    for stat in stats:
        if stat.oldest_age_seconds > limit:
            return f"queue {stat.queue}: oldest task waiting {stat.oldest_age_seconds:.0f}s > {limit}s"
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "task_queue": check_task_queue,
}


def run_checks() -> dict[str, str | None]:
    return {name: check() for name, check in CHECKS.items()}
