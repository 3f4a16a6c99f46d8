"""Money paid by module on the one-screen overview equals the payment list of the same subtree, summed by the app
of each payment's business source (this calendar year, paid only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.authz.testing import World
from gonghui.finance import overview
from gonghui.finance.models import PaymentStatus
from gonghui.finance.payments.selectors import payment_list
from gonghui.finance.payments.services import payment_approve, payment_record, payment_request
from gonghui.finance.permissions import VIEW_BOOKS
from gonghui.finance.tests.factories import account, books, posted, staff

pytestmark = pytest.mark.django_db


def test_paid_by_module_equals_the_payment_list(world: World) -> None:
    today = timezone.localdate()
    ledger, preparer, reviewer = books(world.target, opened_on=today.replace(month=1, day=1))
    posted(ledger, preparer, reviewer, today.replace(month=1, day=1), "50000.00", summary="拨缴经费")
    cashier = staff(world.target)
    made = [
        ("assistance.decision:1", "1500.00", True),
        ("assistance.support:2", "500.00", True),
        ("mutual_aid.claim:3", "300.50", True),
        ("mutual_aid.claim:4", "999.00", False),  # approved, not paid yet
    ]
    for i, (source, amount, pay) in enumerate(made):
        payment, _created = payment_request(
            actor=preparer,
            ledger=ledger,
            idempotency_key=f"ov-{i}",
            source=source,
            purpose="帮扶金",
            amount=amount,
            expense_account=account(ledger, "520101"),
            payee_name="王兰芳",
        )
        payment = payment_approve(actor=reviewer, payment=payment)
        if pay:
            payment_record(actor=cashier, payment=payment, paid_on=today)
    listed = list(payment_list(actor=world.actor("ancestor", VIEW_BOOKS), status=PaymentStatus.PAID, unit=world.city))
    figs = {f.code: f for f in overview.figures(world.city)}
    assert figs["total"].value == sum(p.amount for p in listed) == Decimal("2300.50")
    assert (
        figs["assistance"].value
        == sum(p.amount for p in listed if p.source.startswith("assistance."))
        == Decimal("2000.00")
    )
    assert figs["mutual_aid"].value == Decimal("300.50")
    assert figs["assistance"].url.endswith(f"status=paid&unit={world.city.pk}")
    assert {f.code for f in overview.figures(world.sibling)} == {"total"}
    assert overview.figures(world.sibling)[0].value == Decimal("0.00")
