"""Two vouchers submitted at the same moment under ``block`` cannot both take the last of a budget line.

Submissions of one ledger are serialised by the row locks ``voucher_submit`` takes (the voucher with its ledger and
period); the budget gate also locks the approved budget. Either way the second check sees the first voucher on its
way and refuses."""

from __future__ import annotations

import threading
import time
from datetime import date as _date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.accounts.models import User
from gonghui.finance.budgets.tests.test_budgets import _approved, _mode, _spend_voucher
from gonghui.finance.ledger.services import voucher_submit
from gonghui.finance.models import Voucher, VoucherStatus


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_do_not_overspend(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    from gonghui.finance.budgets import services as services_budgets

    real_spent = services_budgets.spent

    def slow_spent(*args, **kwargs):  # widen the race: both checks would read before either commits
        time.sleep(0.5)
        return real_spent(*args, **kwargs)

    monkeypatch.setattr(services_budgets, "spent", slow_spent)
    ledger, preparer, _budget = _approved(world)  # 1,000.00 on 520101: one 600.00 fits, two do not
    _mode(world, "block")
    vouchers = [_spend_voucher(ledger, preparer, "600.00") for _ in range(2)]
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(pk: int) -> None:
        try:
            actor = User.objects.get(pk=preparer.pk)
            voucher = Voucher.objects.get(pk=pk)
            barrier.wait()
            voucher_submit(actor=actor, voucher=voucher)
            result = "ok"
        except ValidationError:
            result = "blocked"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(v.pk,)) for v in vouchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["blocked", "ok"]
    assert Voucher.objects.filter(pk__in=[v.pk for v in vouchers], status=VoucherStatus.SUBMITTED).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payment_requests_do_not_overspend(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    from gonghui.finance.budgets import services as services_budgets
    from gonghui.finance.models import PaymentRequest
    from gonghui.finance.payments.services import payment_request
    from gonghui.finance.tests.factories import account

    real_spent = services_budgets.spent

    def slow_spent(*args, **kwargs):  # both checks would read before either commits without the lock
        time.sleep(0.5)
        return real_spent(*args, **kwargs)

    monkeypatch.setattr(services_budgets, "spent", slow_spent)
    ledger, preparer, _budget = _approved(world)  # 1,000.00 on 520101
    _mode(world, "block")
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def request(n: int) -> None:
        try:
            actor = User.objects.get(pk=preparer.pk)
            barrier.wait()
            payment_request(
                actor=actor,
                ledger=ledger,
                idempotency_key=f"race-{n}",
                source=f"test.race:{n}",
                purpose="帮扶",
                amount="600.00",
                expense_account=account(ledger, "520101"),
                payee_name="职工甲",
            )
            result = "ok"
        except ValidationError:
            result = "blocked"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=request, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["blocked", "ok"]
    assert PaymentRequest.objects.filter(ledger=ledger).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_vouchers_on_two_sub_accounts_of_one_line_do_not_overspend(world, monkeypatch):
    """Two vouchers submitted at once, 600.00 on 520101 and 600.00 on 520102, against one 1,000.00 line on 5201:
    the budget row lock serialises the checks, so the second sees the first on its way and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    from gonghui.finance.budgets import services as services_budgets
    from gonghui.finance.ledger.services import voucher_create
    from gonghui.finance.tests.factories import lines

    real_spent = services_budgets.spent

    def slow_spent(*args, **kwargs):
        time.sleep(0.5)
        return real_spent(*args, **kwargs)

    monkeypatch.setattr(services_budgets, "spent", slow_spent)
    ledger, preparer, _budget = _approved(world, amounts={"5201": "1000.00"})
    _mode(world, "block")
    vouchers = [
        voucher_create(
            actor=preparer,
            ledger=ledger,
            day=_date(2026, 4, 10),
            summary="维权支出",
            lines=lines(ledger, (code, "600.00", ""), ("1002", "", "600.00")),
        )
        for code in ("520101", "520102")
    ]
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(pk: int) -> None:
        try:
            actor = User.objects.get(pk=preparer.pk)
            voucher = Voucher.objects.get(pk=pk)
            barrier.wait()
            voucher_submit(actor=actor, voucher=voucher)
            result = "ok"
        except ValidationError:
            result = "blocked"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(v.pk,)) for v in vouchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["blocked", "ok"]
    assert Voucher.objects.filter(pk__in=[v.pk for v in vouchers], status=VoucherStatus.SUBMITTED).count() == 1
