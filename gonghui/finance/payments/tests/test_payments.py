"""Payments through the books, at the service level: the matrix of every payment service (nothing changes on
denial), idempotency, separation of duties, recording once, and concurrent identical requests and recordings on
PostgreSQL (exactly one request, one payment, one voucher)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import service_matrix
from gonghui.finance.ledger.selectors import ledger_problems, trial_balance
from gonghui.finance.ledger.services import period_close
from gonghui.finance.models import Entry, Ledger, PaymentEvent, PaymentRequest, PaymentStatus, Voucher, VoucherStatus
from gonghui.finance.payments.selectors import my_payments, payments_for_source
from gonghui.finance.payments.services import (
    payment_approve,
    payment_record,
    payment_reject,
    payment_request,
    payment_reveal_account,
)
from gonghui.finance.permissions import APPROVE_PAYMENT, PAY, REQUEST_PAYMENT, REVEAL_BANK_ACCOUNT
from gonghui.finance.tests.factories import account, books, posted, staff

pytestmark = pytest.mark.django_db

LOCAL = ("same_with",)
NUMBER = "6222 0202 0011 2233 445"
PAID_ON = date(2026, 3, 12)


def ask(ledger, actor, key="assistance.decision:1", **overrides):
    fields = {
        "actor": actor,
        "ledger": ledger,
        "idempotency_key": key,
        "source": "assistance.decision:1",
        "purpose": "困难职工帮扶金",
        "amount": "1500.00",
        "expense_account": account(ledger, "520101"),
        "payee_name": "王兰芳",
        "bank_name": "中国工商银行",
        "bank_account": NUMBER,
    }
    fields.update(overrides)
    return payment_request(**fields)


@pytest.fixture
def setup(world):
    """The target's books with money in the bank, a requester, an approver and a cashier (three people)."""
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "50000.00", summary="拨缴经费")
    cashier = staff(world.target)
    return ledger, preparer, reviewer, cashier


def approved(ledger, requester, approver, key="k1"):
    payment, _created = ask(ledger, requester, key=key)
    return payment_approve(actor=approver, payment=payment)


# --- matrices -------------------------------------------------------------------------------------------------------


def test_payment_services_matrix(world, setup):
    ledger, preparer, reviewer, cashier = setup
    requested, _ = ask(ledger, preparer, key="m-requested")
    to_pay = approved(ledger, preparer, reviewer, key="m-approved")
    counts = lambda w: (PaymentRequest.objects.count(), Voucher.objects.count(), Entry.objects.count())  # noqa: E731
    status = lambda p: lambda w: PaymentRequest.objects.get(pk=p.pk).status  # noqa: E731
    cases = [
        (REQUEST_PAYMENT, lambda a, w: ask(ledger, a, key="m-new"), counts),
        (APPROVE_PAYMENT, lambda a, w: payment_approve(actor=a, payment=requested), status(requested)),
        (
            APPROVE_PAYMENT,
            lambda a, w: payment_reject(actor=a, payment=requested, reason="材料不全"),
            status(requested),
        ),
        (PAY, lambda a, w: payment_record(actor=a, payment=to_pay, paid_on=PAID_ON), counts),
        (REVEAL_BANK_ACCOUNT, lambda a, w: payment_reveal_account(actor=a, payment=requested), None),
    ]
    for perm, act, state in cases:
        service_matrix(world, perm, act=act, state=state, allowed=LOCAL)
        with pytest.raises(PermissionDenied):
            act(world.actor("ancestor", perm), world)
    assert PaymentRequest.objects.get(pk=to_pay.pk).status == PaymentStatus.APPROVED


def test_a_module_that_authorised_its_own_decision_may_ask_to_pay(world, setup):
    ledger, *_ = setup
    # A hardship-aid approver holds the module's permission, not finance.request_payment.
    clerk = staff(world.target, ("orgs.view_unit",))
    with pytest.raises(Http404):  # finance.request_payment's check: the clerk does not even read the books
        ask(ledger, clerk)
    payment, created = ask(ledger, clerk, authorized_by="orgs.view_unit")
    assert created
    outsider = staff(world.sibling, ("orgs.view_unit",))
    with pytest.raises(Http404):
        ask(ledger, outsider, key="other", authorized_by="orgs.view_unit")
    assert PaymentRequest.objects.count() == 1


# --- idempotency ------------------------------------------------------------------------------------------------------


def test_the_same_key_twice_gives_one_request(setup):
    ledger, preparer, *_ = setup
    first, created = ask(ledger, preparer)
    events = AuditEvent.objects.count()
    again, created_again = ask(ledger, preparer)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert AuditEvent.objects.count() == events
    assert PaymentRequest.objects.count() == 1
    assert payments_for_source(source="assistance.decision:1").get() == first


def test_the_same_key_with_a_different_body_is_a_conflict(setup):
    ledger, preparer, *_ = setup
    ask(ledger, preparer)
    for change in (
        {"amount": "1500.01"},
        {"payee_name": "李四"},
        {"bank_account": "6222020200112233446"},
        {"expense_account": account(ledger, "520102")},
    ):
        with pytest.raises(ValidationError) as info:
            ask(ledger, preparer, **change)
        assert info.value.code == "idempotency_conflict", change
    assert PaymentRequest.objects.count() == 1


def test_requests_refuse_bad_amounts_and_accounts(setup):
    ledger, preparer, *_ = setup
    with pytest.raises(TypeError):
        ask(ledger, preparer, amount=1500.0)
    for bad in ("1500.001", "0", "-5.00", "abc"):
        with pytest.raises(ValidationError):
            ask(ledger, preparer, key=f"bad-{bad}", amount=bad)
    for code in ("1002", "4001", "5201"):  # not expense, not expense, has sub-accounts
        with pytest.raises(ValidationError) as info:
            ask(ledger, preparer, key=f"acct-{code}", expense_account=account(ledger, code))
        assert info.value.code == "account"
    assert PaymentRequest.objects.count() == 0


# --- duties, recording once -------------------------------------------------------------------------------------------


def test_the_approver_is_never_the_requester_and_the_cashier_never_the_approver(setup):
    ledger, preparer, reviewer, cashier = setup
    payment, _ = ask(ledger, preparer)
    with pytest.raises(ValidationError) as info:
        payment_approve(actor=preparer, payment=payment)
    assert info.value.code == "duties"
    payment = payment_approve(actor=reviewer, payment=payment)
    with pytest.raises(ValidationError) as info:
        payment_record(actor=reviewer, payment=payment, paid_on=PAID_ON)
    assert info.value.code == "duties"
    assert Voucher.objects.filter(source=f"finance.paymentrequest:{payment.pk}").count() == 0
    payment, recorded = payment_record(actor=cashier, payment=payment, paid_on=PAID_ON, bank_reference="B001")
    assert recorded
    assert payment.status == PaymentStatus.PAID


def test_recording_posts_one_voucher_once(setup, world):
    ledger, preparer, reviewer, cashier = setup
    payee = User.objects.create_user("13800000009", phone="13800000009", name="王兰芳")
    payment, _ = ask(ledger, preparer, payee_user=payee)
    payment_approve(actor=reviewer, payment=payment)
    payment, recorded = payment_record(actor=cashier, payment=payment, paid_on=PAID_ON, bank_reference="B001")
    again, recorded_again = payment_record(actor=cashier, payment=payment, paid_on=PAID_ON, bank_reference="B001")
    assert (recorded, recorded_again) == (True, False)
    voucher = Voucher.objects.get(source=f"finance.paymentrequest:{payment.pk}")
    assert again.voucher_id == voucher.pk
    assert voucher.status == VoucherStatus.POSTED
    assert (voucher.prepared_by_id, voucher.reviewed_by_id) == (cashier.pk, reviewer.pk)
    assert [(e.account.code, e.debit, e.credit) for e in voucher.entries.select_related("account")] == [
        ("520101", Decimal("1500.00"), Decimal("0.00")),
        ("1002", Decimal("0.00"), Decimal("1500.00")),
    ]
    assert ledger_problems([ledger]) == []
    assert trial_balance(actor=cashier, ledger=ledger, year=2026, month=3).balanced
    assert list(my_payments(actor=payee)) == [payment]
    assert PaymentEvent.objects.filter(payment=payment).count() == 3
    # The payee is told once (the retry above notified nobody again), in their portal inbox.
    from gonghui.notifications.models import Notification

    [told] = Notification.objects.filter(recipient=payee, category="finance.payment")
    assert told.title == "款项已支付：1,500.00 元"
    assert told.url == "/finance/payments/"
    assert not Notification.objects.exclude(recipient=payee).filter(category="finance.payment").exists()
    # Rejecting or approving a paid request is stale.
    with pytest.raises(ValidationError) as info:
        payment_reject(actor=reviewer, payment=payment, reason="x")
    assert info.value.code == "stale"


def test_a_rejected_request_is_never_paid(setup):
    ledger, preparer, reviewer, cashier = setup
    payment, _ = ask(ledger, preparer)
    with pytest.raises(ValidationError):
        payment_reject(actor=reviewer, payment=payment, reason="  ")
    payment = payment_reject(actor=reviewer, payment=payment, reason="重复申请")
    with pytest.raises(ValidationError) as info:
        payment_record(actor=cashier, payment=payment, paid_on=PAID_ON)
    assert info.value.code == "stale"
    assert Voucher.objects.filter(source__startswith="finance.paymentrequest").count() == 0


def test_a_payment_is_not_recorded_into_a_closed_month(setup):
    ledger, preparer, reviewer, cashier = setup
    posted(ledger, preparer, reviewer, date(2026, 1, 5))
    period_close(actor=preparer, ledger=ledger, year=2026, month=1)
    payment = approved(ledger, preparer, reviewer)
    with pytest.raises(ValidationError) as info:
        payment_record(actor=cashier, payment=payment, paid_on=date(2026, 1, 30))
    assert info.value.code == "closed"
    assert PaymentRequest.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED


def test_the_bank_account_is_stored_masked_and_revealed_with_an_audit_event(setup):
    ledger, preparer, *_ = setup
    payment, _ = ask(ledger, preparer)
    row = PaymentRequest.objects.get(pk=payment.pk)
    assert row.account_masked == "**** 3445"
    assert "6222020200112233445" not in row.account_cipher
    events = AuditEvent.objects.count()
    assert payment_reveal_account(actor=preparer, payment=row) == "6222020200112233445"
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").action == "finance.payment_reveal_account"


def test_keys_are_scoped_to_the_paying_ledger(world, setup):
    """The same key in two ledgers is two requests (even with the same content); a conflict is only within one."""
    ledger, preparer, *_ = setup
    sibling_ledger, sibling_preparer, _ = books(world.sibling)
    mine, created = ask(ledger, preparer, key="assistance.decision:1")
    theirs, theirs_created = ask(sibling_ledger, sibling_preparer, key="assistance.decision:1")
    assert (created, theirs_created) == (True, True)
    assert mine.pk != theirs.pk
    # Different content under the same key in the other ledger is no conflict either.
    other, other_created = ask(sibling_ledger, sibling_preparer, key="predictable:7", amount="9.00")
    mine_too, mine_created = ask(ledger, preparer, key="predictable:7")
    assert (other_created, mine_created) == (True, True)
    assert other.ledger_id != mine_too.ledger_id
    with pytest.raises(ValidationError) as info:
        ask(ledger, preparer, key="predictable:7", amount="1.00")
    assert info.value.code == "idempotency_conflict"
    assert PaymentRequest.objects.filter(idempotency_key="predictable:7").count() == 2


def test_the_database_refuses_a_key_twice_in_one_ledger_only(world, setup):
    ledger, preparer, *_ = setup
    sibling_ledger, *_ = books(world.sibling)
    payment, _created = ask(ledger, preparer, key="db-1")
    fields = {f.attname: getattr(payment, f.attname) for f in PaymentRequest._meta.concrete_fields if not f.primary_key}
    PaymentRequest.objects.create(
        **{**fields, "ledger_id": sibling_ledger.pk, "expense_account_id": account(sibling_ledger, "520101").pk}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.create(**fields)


# --- concurrency (PostgreSQL) -----------------------------------------------------------------------------------------


def _threads(n, target):
    barrier = threading.Barrier(n, timeout=20)
    results: list[object] = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            result = target(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            result = exc
        finally:
            connection.close()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_make_one(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
    ledger, preparer, _reviewer = books(world.target)

    def request(_i):
        fresh = Ledger.objects.select_related("unit").get(pk=ledger.pk)
        payment, created = ask(fresh, User.objects.get(pk=preparer.pk), key="concurrent-1")
        return payment.pk, created

    results = _threads(4, request)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({pk for pk, _created in results}) == 1
    assert sorted(created for _pk, created in results) == [False, False, False, True]
    assert PaymentRequest.objects.filter(idempotency_key="concurrent-1").count() == 1
    assert AuditEvent.objects.filter(action="finance.payment_request").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_in_two_ledgers_make_one_each(world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL; SQLite serializes writers anyway")
    ledgers = [books(world.target), books(world.sibling)]

    def request(i):
        ledger, preparer, _reviewer = ledgers[i % 2]
        fresh = Ledger.objects.select_related("unit").get(pk=ledger.pk)
        payment, created = ask(fresh, User.objects.get(pk=preparer.pk), key="concurrent-2")
        return ledger.pk, payment.pk, created

    results = _threads(6, request)
    assert not [r for r in results if isinstance(r, Exception)], results
    for ledger, _preparer, _reviewer in ledgers:
        mine = [(pk, created) for lpk, pk, created in results if lpk == ledger.pk]
        assert len({pk for pk, _created in mine}) == 1, mine
        assert sorted(created for _pk, created in mine) == [False, False, True]
    assert PaymentRequest.objects.filter(idempotency_key="concurrent-2").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_recordings_pay_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serializes writers anyway")
    ledger, preparer, reviewer = books(world.target)
    cashier = staff(world.target)
    payment = approved(ledger, preparer, reviewer)

    def record(_i):
        fresh = PaymentRequest.objects.get(pk=payment.pk)
        _p, recorded = payment_record(actor=User.objects.get(pk=cashier.pk), payment=fresh, paid_on=PAID_ON)
        return recorded

    results = _threads(4, record)
    assert sorted(results) == [False, False, False, True], results
    assert PaymentRequest.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert Voucher.objects.filter(source=f"finance.paymentrequest:{payment.pk}").count() == 1
    assert Entry.objects.filter(voucher__source=f"finance.paymentrequest:{payment.pk}").count() == 2
    assert PaymentEvent.objects.filter(payment=payment, action="pay").count() == 1
    assert AuditEvent.objects.filter(action="finance.payment_record").count() == 1
    assert ledger_problems([ledger]) == []
