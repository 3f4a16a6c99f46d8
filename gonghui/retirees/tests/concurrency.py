"""Running service calls at once (PostgreSQL): each call in its own thread and connection, started together."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection


def race(*calls: Callable[[], object]) -> list[str]:
    """Run ``calls`` at once; each outcome is ``"ok"`` or the refusal's text."""
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
