"""URL sweep resolvers of the finance JSON API (``ledger/api.py``, ``payments/api.py``).

Keys are fully qualified (``"<url name>:<kwarg>"``) so that they never collide with the console pages' resolvers.
Each resolver returns an object in ``world.target``'s own books, created once (found again by its CANARY text).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.authz.testing import CANARY, World
from gonghui.finance.ledger.chart import BANK, DUES_INCOME, HARDSHIP_AID
from gonghui.finance.ledger.services import LineInput, ledger_open, voucher_create
from gonghui.finance.models import Account, Ledger, PaymentRequest, Voucher
from gonghui.finance.payments.services import payment_request
from gonghui.finance.tests.factories import staff

SUMMARY = f"API 收到会费{CANARY}"
PAYMENT_KEY = f"sweep-api-{CANARY}"


def target_books(world: World) -> Ledger:
    """``world.target``'s ledger (opened by its own bookkeeper if nobody has yet)."""
    ledger = Ledger.objects.filter(unit=world.target).first()
    if ledger is None:
        ledger = ledger_open(actor=staff(world.target), unit=world.target, opened_on=date(2026, 1, 1))
    return ledger


def _bookkeeper(world: World) -> Any:
    return staff(world.target)


def api_voucher(world: World) -> Voucher:
    ledger = target_books(world)
    voucher = Voucher.objects.filter(ledger=ledger, summary=SUMMARY).first()
    if voucher is None:
        accounts = {a.code: a for a in Account.objects.filter(ledger=ledger, code__in=[BANK, DUES_INCOME])}
        voucher = voucher_create(
            actor=_bookkeeper(world),
            ledger=ledger,
            day=date(2026, 3, 5),
            summary=SUMMARY,
            lines=[
                LineInput(account=accounts[BANK], debit=Decimal("320.00")),
                LineInput(account=accounts[DUES_INCOME], credit=Decimal("320.00")),
            ],
        )
    return voucher


def api_payment(world: World) -> PaymentRequest:
    ledger = target_books(world)
    payment = PaymentRequest.objects.filter(idempotency_key=PAYMENT_KEY).first()
    if payment is None:
        payment, _created = payment_request(
            actor=_bookkeeper(world),
            ledger=ledger,
            idempotency_key=PAYMENT_KEY,
            source="sweep:api",
            purpose=f"困难帮扶{CANARY}",
            amount="800.00",
            expense_account=Account.objects.get(ledger=ledger, code=HARDSHIP_AID),
            payee_name=f"王兰芳{CANARY}",
            bank_account="6222020200112233445",
        )
    return payment


def _ledger_id(world: World) -> int:
    return target_books(world).pk


RESOLVERS: dict[str, Any] = {
    "v1:finance-ledgers-detail:ledger_id": _ledger_id,
    "v1:finance-ledgers-accounts:ledger_id": _ledger_id,
    "v1:finance-ledgers-trial-balance:ledger_id": _ledger_id,
    "v1:finance-ledgers-income-statement:ledger_id": _ledger_id,
    "v1:finance-rollup-trial-balance:unit_id": lambda world: world.target.pk,
    "v1:finance-vouchers-detail:voucher_id": lambda world: api_voucher(world).pk,
    "v1:finance-vouchers-submit:voucher_id": lambda world: api_voucher(world).pk,
    "v1:finance-payments-detail:payment_id": lambda world: api_payment(world).pk,
}
PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
LOCAL_ONLY: set[str] = set()
