"""On PostgreSQL: two filings with the same request key at once (a double click, a retry, two devices) file one
request; two ratings at once (two devices) move it once; two answers at once answer once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.legal_aid.models import RequestEvent, RequestStatus, WorkerRequest
from gonghui.legal_aid.requests import services
from gonghui.legal_aid.requests.tests import factories as f


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
def test_same_key_twice_at_once_files_one(world):
    _skip_unless_postgres()
    member = f.worker(world)
    category = f.category()

    def submit() -> object:
        return services.request_submit(
            actor=f.u(member), category=category, description="欠薪", request_key="same-key-12345678"
        )

    assert _race(submit, submit, submit) == ["ok", "ok", "ok"]
    assert WorkerRequest.objects.filter(requester=f.u(member)).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_once_move_once(world):
    _skip_unless_postgres()
    member = f.worker(world)
    item = f.request(world, by=member, status="answered")
    outcomes = _race(
        lambda: services.request_rate(actor=f.u(member), request=item, rating=1),
        lambda: services.request_rate(actor=f.u(member), request=item, rating=1),
    )
    assert sorted(outcomes)[0] == "ok"
    assert "不能执行" in sorted(outcomes)[1]
    item.refresh_from_db()
    assert (item.status, item.reopen_count) == (RequestStatus.REOPENED, 1)
    handler = f.clerk(world)
    other = f.clerk(world)
    outcomes = _race(
        lambda: services.request_answer(actor=handler, request=item, answer="一"),
        lambda: services.request_answer(actor=other, request=item, answer="二"),
    )
    assert sorted(outcomes)[0] == "ok"
    assert RequestEvent.objects.filter(request=item, action="answer").count() == 2  # the first answer and one more
