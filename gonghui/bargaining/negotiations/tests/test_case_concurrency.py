"""On PostgreSQL: two clerks recording the same step at once (a double click, two devices) move the case once and
write one event; two chiefs named for the same side at once leave one chief."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.bargaining.models import CaseEvent, CaseStatus, Negotiator
from gonghui.bargaining.negotiations import services
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f


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
def test_two_signings_at_once_sign_once(world):
    _skip_unless_postgres()
    one = world.staff("c1", world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])
    two = world.staff("c2", world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])
    case = f.case_at(world.child, CaseStatus.VOTED)
    today = timezone.localdate()
    outcomes = _race(
        lambda: services.case_sign(actor=one, case=case, signed_on=today, term_months=12),
        lambda: services.case_sign(actor=two, case=case, signed_on=today, term_months=24),
    )
    assert sorted(outcomes)[0] == "ok"
    assert "不能执行" in sorted(outcomes)[1]
    assert CaseEvent.objects.filter(case=case, action="sign").count() == 1
    assert case.deadlines.filter(kind="filing").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_chiefs_at_once_leave_one(world):
    _skip_unless_postgres()
    staff = world.staff("c3", world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])
    case = f.case_at(world.child, CaseStatus.REPLIED)
    outcomes = _race(
        lambda: services.negotiator_add(actor=staff, case=case, side="union", name="甲", is_chief=True),
        lambda: services.negotiator_add(actor=staff, case=case, side="union", name="乙", is_chief=True),
    )
    assert sorted(outcomes)[0] == "ok"
    assert Negotiator.objects.filter(case=case, side="union", is_chief=True).count() == 1
