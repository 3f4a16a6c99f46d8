"""The demo's claims: on top of the plans and enrolment demos (the demo worker is covered), claims at every state,
the worker's approved claim paid through the ledger and one in review, and a second run changes nothing."""

from __future__ import annotations

import pytest

from gonghui.demo import data
from gonghui.demo.seed import world
from gonghui.finance.payments.selectors import payments_for_source
from gonghui.mutual_aid.claims import demo
from gonghui.mutual_aid.models import Claim, ClaimStatus

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_claims_at_every_state():
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {
        ClaimStatus.DRAFT,
        ClaimStatus.IN_REVIEW,
        ClaimStatus.RETURNED,
        ClaimStatus.APPROVED,
        ClaimStatus.REJECTED,
        ClaimStatus.WITHDRAWN,
    } <= statuses
    mine = Claim.objects.filter(member__phone=data.DEMO_WORKER_PHONE)
    assert set(mine.values_list("status", flat=True)) == {ClaimStatus.APPROVED, ClaimStatus.IN_REVIEW}
    paid = mine.get(status=ClaimStatus.APPROVED)
    payment = payments_for_source(source=paid.source).get()
    assert payment.amount == paid.amount
    assert payment.status == "paid"
    count = Claim.objects.count()
    demo.seed(world())
    assert Claim.objects.count() == count
