"""URL sweep resolvers of payment requests: a request in ``world.target``'s own books, named with ``CANARY``."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.finance.ledger.chart import HARDSHIP_AID
from gonghui.finance.ledger.tests.sweep import target_books
from gonghui.finance.models import Account, PaymentRequest
from gonghui.finance.payments.services import payment_request


def target_payment(world: World) -> PaymentRequest:
    cached: PaymentRequest | None = getattr(world, "_finance_target_payment", None)
    if cached is not None:
        return cached
    tb = target_books(world)
    payment, _created = payment_request(
        actor=tb.preparer,
        ledger=tb.ledger,
        idempotency_key=f"sweep-{world.target.pk}",
        source="sweep.test:1",
        purpose=f"困难职工帮扶{CANARY}",
        amount="800.00",
        expense_account=Account.objects.get(ledger=tb.ledger, code=HARDSHIP_AID),
        payee_name=f"收款人{CANARY}",
        bank_name="中国工商银行",
        bank_account="6222020200112233445",
    )
    world._finance_target_payment = payment  # type: ignore[attr-defined]
    return payment


RESOLVERS: dict[str, Any] = {"payment_id": lambda world: target_payment(world).pk}
SIGNED_IN: set[str] = {"finance_portal:my_payments"}
# The request form needs finance.request_payment, held only at the union itself.
LOCAL_ONLY: set[str] = {"finance:payment_create"}
