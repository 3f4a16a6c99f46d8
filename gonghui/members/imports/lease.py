"""The worker's lease on a running import job.

A worker takes the job (:func:`take`: it writes its ``host:pid`` into ``worker`` and the time into
``heartbeat_at``), renews the lease while it works (:func:`beating`: a thread writing ``heartbeat_at`` every
``HEARTBEAT_SECONDS`` on its own connection) and releases it when its run ends (:func:`release`). A running job
whose lease is older than ``LEASE_SECONDS`` has lost its worker (killed, out of memory, machine restarted): the
scheduled ``services.import_jobs_reap`` marks it failed with what happened, and the page offers resume and
cancel. Two workers never run one job: :func:`take` succeeds only on a job whose lease is free, released, run out,
or held by a process of this machine that no longer exists (a worker restarted after a ``kill -9`` takes its job
back at once instead of waiting for the lease to run out).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from gonghui.members.models import ImportJob

HEARTBEAT_SECONDS = 10
LEASE_SECONDS = 90  # nine missed heartbeats


def me() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def _gone(worker: str) -> bool:
    """Whether ``worker`` ("host:pid") is a process of this machine that no longer runs."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname()[:80] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def take(job_id: int, status: str) -> bool:
    """Take the job for this process if it is in ``status`` and its lease is free (compare-and-set)."""
    now = timezone.now()
    row = ImportJob.objects.filter(pk=job_id, status=status).values("heartbeat_at", "worker").first()
    if row is None:
        return False
    held = row["worker"] and row["heartbeat_at"] and row["heartbeat_at"] >= now - timedelta(seconds=LEASE_SECONDS)
    if held and row["worker"] != me() and not _gone(row["worker"]):
        return False
    return bool(
        ImportJob.objects.filter(
            pk=job_id, status=status, heartbeat_at=row["heartbeat_at"], worker=row["worker"]
        ).update(heartbeat_at=now, worker=me())
    )


def beat(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id, worker=me()).update(heartbeat_at=timezone.now())


def release(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id, worker=me()).update(worker="")


@contextmanager
def holding(job_id: int, status: str) -> Iterator[bool]:
    """Take the job (yields whether it was taken), renew the lease while the block runs, release it after."""
    if not take(job_id, status):
        yield False
        return
    try:
        with beating(job_id):
            yield True
    finally:
        release(job_id)


@contextmanager
def beating(job_id: int, *, every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """Renew the lease every ``every`` seconds while the block runs (a thread with its own connection, PostgreSQL
    outside a transaction; elsewhere the job's per-batch updates renew it)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat(job_id)
                except Exception:  # noqa: BLE001, S110 - a missed beat is retried; the lease tolerates nine
                    pass
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"import-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)
