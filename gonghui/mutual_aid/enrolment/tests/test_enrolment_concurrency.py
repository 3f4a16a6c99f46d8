"""On PostgreSQL: a double click never makes two lists of a union for a plan, two submissions, two payment
requests, or two receipts of one fee."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.finance.models import PaymentRequest
from gonghui.mutual_aid.enrolment import services
from gonghui.mutual_aid.enrolment.tests import kit
from gonghui.mutual_aid.models import Enrolment, EnrolmentEvent, EnrolmentStatus
from gonghui.mutual_aid.tests import factories
from gonghui.review.models import ReviewCase


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
def test_double_generate_and_double_submit(world):
    _skip_unless_postgres()
    who = kit.people(world)
    kit.roster(world, 3)
    plan = kit.city_plan(world)
    tier = factories.tier(plan)
    outcomes = _race(
        *(
            lambda: services.enrolment_generate(actor=who.clerk, plan=plan, tier=tier, unit=world.child)
            for _ in range(2)
        )
    )
    assert sorted(outcomes)[0] == "ok"
    assert "已办理" in sorted(outcomes)[1]
    enrolment = Enrolment.objects.get(plan=plan, unit=world.child)
    assert enrolment.members.count() == 3
    outcomes = _race(*(lambda: services.enrolment_submit(actor=who.clerk, enrolment=enrolment) for _ in range(2)))
    assert outcomes.count("ok") == 1
    assert ReviewCase.objects.filter(process__code="mutual_aid.enrolment", subject_id=enrolment.pk).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_payment_request_and_double_receipt(world):
    _skip_unless_postgres()
    who = kit.people(world)
    kit.books(world.child)
    plan = kit.city_plan(world)
    enrolment = factories.enrolment(plan, world.child, kit.roster(world, 2), status=EnrolmentStatus.CONFIRMED)
    outcomes = _race(
        *(lambda: services.enrolment_payment_request(actor=who.clerk, enrolment=enrolment) for _ in range(2))
    )
    assert outcomes == ["ok", "ok"]  # the second is answered with the first's request
    assert PaymentRequest.objects.filter(source=enrolment.source).count() == 1
    today = timezone.localdate()
    outcomes = _race(
        *(
            lambda: services.enrolment_record_fee(actor=who.finance, enrolment=enrolment, received_on=today)
            for _ in range(2)
        )
    )
    assert outcomes == ["ok", "ok"]
    assert EnrolmentEvent.objects.filter(enrolment=enrolment, action="pay").count() == 1
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE
