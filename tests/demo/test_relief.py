"""The demo's relief claims: one at every state, the worker's approved claim paid through the ledger."""

from __future__ import annotations

import pytest

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.demo import data
from gonghui.finance.payments.selectors import payments_for_source

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_relief_at_every_state():
    statuses = set(ReliefClaim.objects.values_list("status", flat=True))
    assert {ReliefStatus.DRAFT, ReliefStatus.IN_REVIEW, ReliefStatus.APPROVED, ReliefStatus.REJECTED} <= statuses
    paid = ReliefClaim.objects.get(member__phone=data.DEMO_WORKER_PHONE, status=ReliefStatus.APPROVED)
    assert paid.amount is not None
    assert paid.amount > 0
    payment = payments_for_source(source=paid.source).get()
    assert payment.status == "paid"
    assert payment.amount == paid.amount
    # every demo claim carries its documents: the invoices' photos and the settlement sheet
    from gonghui.assistance.relief.attachments import documents_missing

    assert all(documents_missing(claim) == [] for claim in ReliefClaim.objects.all())
