"""On PostgreSQL: the same invoice submitted twice at once (two claims, a double click) is held once, and two
final approvals of one person's claims at once never both use the same room under the yearly cap."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.assistance.models import ReliefClaim, ReliefInvoice
from gonghui.assistance.relief import services
from gonghui.assistance.relief.tests import kit
from gonghui.finance.models import PaymentRequest
from gonghui.review.models import ReviewCase
from gonghui.review.services import case_act


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
def test_same_invoice_twice_at_once_is_held_once(world):
    _skip_unless_postgres()
    who = kit.member(world)
    first, second = kit.draft(kit.u(who), who), kit.draft(kit.u(who), who)
    user = kit.u(who)
    outcomes = _race(
        lambda: services.relief_invoice_add(actor=user, claim=first, invoice=kit.invoice("RACE-1", "20000")),
        lambda: services.relief_invoice_add(actor=user, claim=second, invoice=kit.invoice("RACE-1", "20000")),
    )
    assert sorted(outcomes)[0] == "ok"
    assert "不能重复申请" in sorted(outcomes)[1]
    assert ReliefInvoice.objects.filter(member=who, invoice_no="RACE-1", active=True).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_final_approvals_of_one_person_share_the_cap(world):
    _skip_unless_postgres()
    people = kit.reviewers(world)
    who = kit.member(world)
    claims = [
        services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "80000")) for _ in range(2)
    ]
    for claim in claims:  # the first two levels
        for actor in (people.grassroots, people.county):
            case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
            case_act(actor=actor, case=case, action="approve", expected_version=case.version)

    def final(claim: ReliefClaim) -> Callable[[], object]:
        def go() -> object:
            case = ReviewCase.objects.get(pk=claim.review_case_id or 0)
            return case_act(actor=people.city, case=case, action="approve", expected_version=case.version)

        return go

    assert _race(*(final(c) for c in claims)) == ["ok", "ok"]
    amounts = sorted(ReliefClaim.objects.filter(member=who).values_list("amount", flat=True))
    assert amounts == [Decimal("0.00"), Decimal("20000.00")]  # the cap once, not twice
    assert PaymentRequest.objects.filter(source__startswith="assistance.relief:").count() == 1
