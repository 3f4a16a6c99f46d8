"""On PostgreSQL: concurrent submissions of one person's claims never hold more than the yearly cap, and the same
invoice number added to two claims at once is held once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.tests import kit
from gonghui.mutual_aid.models import CapUsage, Claim, ClaimInvoice, ClaimStatus


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
        thread.join(timeout=60)
    return outcomes


def _skip_unless_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts need PostgreSQL; SQLite serializes writers anyway")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_exceed_the_yearly_cap(world):
    _skip_unless_postgres()
    kit.reviewers(world)
    who = kit.member(world)
    user = kit.u(who)
    # Each claim alone computes 16,400 (per-event cap 20,000); the yearly cap is 30,000.
    drafts = [kit.draft(user, who, "30000") for _ in range(4)]
    outcomes = _race(*[lambda c=c: services.claim_submit(actor=user, claim=c) for c in drafts])
    assert outcomes.count("ok") == 4
    claims = Claim.objects.filter(pk__in=[c.pk for c in drafts], status=ClaimStatus.IN_REVIEW)
    total = sum((c.computed for c in claims), Decimal("0"))
    assert total == Decimal("30000.00")
    usage = CapUsage.objects.get(cover_id=drafts[0].cover_id, kind=drafts[0].kind)
    assert usage.used == Decimal("30000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_same_invoice_twice_at_once_is_held_once(world):
    _skip_unless_postgres()
    kit.reviewers(world)
    one, other = kit.member(world), kit.member(world)
    first, second = kit.draft(kit.u(one), one), kit.draft(kit.u(other), other)
    outcomes = _race(
        lambda: services.invoice_add(actor=kit.u(one), claim=first, invoice=kit.invoice("RACE-1", "2000")),
        lambda: services.invoice_add(actor=kit.u(other), claim=second, invoice=kit.invoice("RACE-1", "2000")),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert ClaimInvoice.objects.filter(invoice_no="RACE-1", active=True).count() == 1
