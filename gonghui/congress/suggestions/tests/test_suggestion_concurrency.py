"""On PostgreSQL: two reward requests at once (a double click, two devices, two staff) decide one reward and ask
finance for one payment; two filings with the same request key at once file one suggestion."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.suggestions import services
from gonghui.congress.suggestions.tests import factories as f
from gonghui.finance.models import PaymentRequest


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
def test_two_rewards_at_once_pay_once(world):
    _skip_unless_postgres()
    staff = f.handler(world)
    other = f.handler(world)
    suggestion = f.implemented(world, staff)
    outcomes = _race(
        lambda: services.suggestion_reward(actor=staff, suggestion=suggestion, amount="1000.00"),
        lambda: services.suggestion_reward(actor=other, suggestion=suggestion, amount="1200.00"),
    )
    assert sorted(outcomes)[0] == "ok"
    assert "不能执行" in sorted(outcomes)[1]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REWARDED
    payments = PaymentRequest.objects.filter(source=suggestion.source)
    assert payments.count() == 1
    assert payments.get().amount == suggestion.reward


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_request_key_at_once_files_once(world):
    _skip_unless_postgres()
    who = f.member(world)
    results: list[int] = []

    def file() -> None:
        suggestion, _created = services.suggestion_create(
            actor=f.u(who), member=who, title="同一表单", body="双击", request_key="same-key-123456"
        )
        results.append(suggestion.pk)

    assert _race(file, file, file) == ["ok", "ok", "ok"]
    assert len(set(results)) == 1
    assert Suggestion.objects.filter(member=who).count() == 1
