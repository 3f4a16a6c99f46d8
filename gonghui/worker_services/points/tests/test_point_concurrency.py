"""On PostgreSQL: two filings of a problem report with the same key at once (a double click, a retry) file one
report; two staff resolving the same report at once resolve it once (one event, one note)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.worker_services.models import PointEvent, PointReport
from gonghui.worker_services.points import services
from gonghui.worker_services.points.tests import factories as f


def _race(*calls: Callable[[], object]) -> list[str]:
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


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_report_key_at_once_files_one(world):
    _skip_unless_postgres()
    point = f.point(world)
    worker = f.worker()

    def submit() -> object:
        return services.report_submit(
            actor=worker, point=point, kind="closed", description="门锁着", request_key="same-key-12345678"
        )

    assert _race(submit, submit, submit) == ["ok", "ok", "ok"]
    assert PointReport.objects.filter(reporter=worker).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_resolutions_at_once_resolve_once(world):
    _skip_unless_postgres()
    point = f.point(world)
    report = f.report(world, point)
    one, two = f.clerk(world), f.clerk(world)
    outcomes = _race(
        lambda: services.report_resolve(actor=one, report=report, note="甲处理"),
        lambda: services.report_resolve(actor=two, report=report, note="乙处理"),
    )
    assert sorted(outcomes)[0] == "ok"
    assert outcomes.count("ok") == 1
    assert PointEvent.objects.filter(report=report, action="resolve").count() == 1
