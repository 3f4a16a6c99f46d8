"""Readiness checks for an orchestrator: database(s), cache, the file storages (media and private attachments),
task-queue lag.

Each check returns None when healthy or a short reason (an exception class or a figure, never a message that could
carry data). Used by ``/readyz``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import Storage, default_storage, storages
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


def _storage_ready(storage: Storage, *, directory_mode: int = 0o777) -> str | None:
    """A HEAD-like ``exists`` on S3; on disk, the directory exists (created with ``directory_mode``) and is
    writable."""
    try:
        storage.exists(PROBE_NAME)
        location = getattr(storage, "location", None)
        if location is not None and hasattr(storage, "path"):
            os.makedirs(location, mode=directory_mode, exist_ok=True)
            if not os.access(location, os.W_OK):
                return "storage location not writable"
    except Exception as exc:  # noqa: BLE001
        return _reason(exc)
    return None


def check_storage() -> str | None:
    """The default storage (media: uploaded rosters while an import runs, exports)."""
    return _storage_ready(default_storage)


def check_private_storage() -> str | None:
    """The private attachments' storage (``STORAGES["private"]``): a page that lists or takes attachments fails
    without it. On disk its directory is created ``0700``, as the storage creates its own."""
    return _storage_ready(storages["private"], directory_mode=0o700)


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
    "private_storage": check_private_storage,
    "task_queue": check_task_queue,
}


def run_checks() -> dict[str, str | None]:
    return {name: check() for name, check in CHECKS.items()}
