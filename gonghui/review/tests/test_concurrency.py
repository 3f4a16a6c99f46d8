"""Two identical approvals at the same moment (a double click, a retried request) make one transition."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.models import User
from gonghui.review.models import ReviewCase, ReviewEvent
from gonghui.review.services import case_act
from gonghui.review.tests.factories import cast_of, make_process, step_name, submit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_approvals_make_one_transition(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    people = cast_of(world)
    process = make_process("concurrency.review", [("县级审核", "county"), ("市级审核", "city")])
    case = submit(people.clerk, process, world.child)
    seen_version = case.version
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve() -> None:
        try:
            actor = User.objects.get(pk=people.county.pk)
            loaded = ReviewCase.objects.get(pk=case.pk)
            barrier.wait()
            case_act(actor=actor, case=loaded, action="approve", expected_version=seen_version)
            result = "ok"
        except ValidationError as exc:
            result = " ".join(exc.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["ok", "该事项已被处理，请刷新页面。"]
    assert ReviewEvent.objects.filter(case_id=case.pk, action="approve").count() == 1
    row = ReviewCase.objects.get(pk=case.pk)
    assert (row.version, step_name(row)) == (2, "市级审核")
