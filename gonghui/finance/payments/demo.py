"""Demo payments: 杭州市总工会 has a request waiting for ``fin_checker``'s approval. (The demo worker's paid
hardship grant comes from the assistance demo, through a real household file.) Runs after ``ledger.demo`` (books
and finance roles). Idempotent through the request's idempotency key."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.accounts.models import User
from gonghui.common.demo import DemoWorld
from gonghui.finance.ledger.demo import CHECKER, HANGZHOU
from gonghui.finance.models import Account, Ledger
from gonghui.finance.payments.services import payment_request

Say = Callable[[str], None]

WAITING_KEY = "demo.payments:hz-model-worker-recuperation"


def seed(world: DemoWorld) -> None:
    say = world.say
    hz_books = Ledger.objects.filter(unit__name=HANGZHOU, unit__depth=2).select_related("unit").first()
    hz_staff = User.objects.filter(username="hz_staff").first()
    checker = User.objects.filter(username=CHECKER[0]).first()
    if hz_books is None or hz_staff is None or checker is None:
        return

    payment_request(
        actor=hz_staff,
        ledger=hz_books,
        idempotency_key=WAITING_KEY,
        source="demo.recuperation:1",
        purpose="市级劳模疗休养补贴",
        amount="1600.00",
        expense_account=Account.objects.get(ledger=hz_books, code="5101"),
        payee_name="李建国",
        bank_name="杭州银行营业部",
        bank_account="3301040160009876543",
    )
    say("支付：杭州市总工会一笔支付申请待审批")
