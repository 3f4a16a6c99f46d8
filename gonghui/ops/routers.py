"""Lag-tolerant reads to a PostgreSQL read replica (``DATABASE_REPLICA_URL``).

Only reads that promise no more than near-real-time data go there: the views named in ``REPLICA_VIEWS`` (statistics,
exports), for GET/HEAD requests, marked by :class:`ReplicaReadsMiddleware`, or code inside :func:`replica_reads`.
Everything else, every write, and the models of ``REPLICA_EXCLUDED_APPS`` (sign-in, sessions, grants, task rows) stay
on the primary. A replica further behind than ``REPLICA_MAX_LAG_SECONDS``, or one that does not answer, is skipped:
the reads go back to the primary, so each page's freshness promise still holds (members' statistics promise 60 s;
the default limit is 10 s). The lag is measured at most every ``REPLICA_LAG_CHECK_SECONDS`` per process.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

REPLICA = "replica"

_active: contextvars.ContextVar[bool] = contextvars.ContextVar("gonghui_replica_reads", default=False)
_lag_lock = threading.Lock()
_lag_cache: dict[str, tuple[float, float | None]] = {}

LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def measure_lag(alias: str = REPLICA) -> float | None:
    """Seconds the replica is behind (0 when it has replayed all it received); None when it does not answer or is no
    standby."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except Exception:  # noqa: BLE001 - an unreachable replica is simply not used
        log.warning("replica %s did not answer the lag query", alias)
        return None
    return None if row is None or row[0] is None else float(row[0])


def replica_lag(alias: str = REPLICA) -> float | None:
    now = time.monotonic()
    with _lag_lock:
        cached = _lag_cache.get(alias)
        if cached and now - cached[0] < settings.REPLICA_LAG_CHECK_SECONDS:
            return cached[1]
    lag = measure_lag(alias)
    with _lag_lock:
        _lag_cache[alias] = (now, lag)
    return lag


def replica_usable() -> bool:
    if not replica_configured():
        return False
    lag = replica_lag()
    return lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _active.get() or model._meta.app_label in settings.REPLICA_EXCLUDED_APPS:
            return None
        return REPLICA if replica_usable() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Marks GET/HEAD requests to the views of ``REPLICA_VIEWS`` as lag-tolerant for the router."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_VIEWS
        ):
            with replica_reads():
                return view_func(request, *args, **kwargs)
        return None
