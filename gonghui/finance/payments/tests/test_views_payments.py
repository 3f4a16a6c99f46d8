"""Console pages of payment requests: matrix on every page and POST, one payment for a double-submitted "record
payment", one request for a double-submitted form, the audited reveal of the bank account, pinned query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.finance import permissions as p
from gonghui.finance.ledger.chart import HARDSHIP_AID
from gonghui.finance.ledger.tests.sweep import target_books
from gonghui.finance.models import Entry, PaymentEvent, PaymentRequest, PaymentStatus, Voucher
from gonghui.finance.payments.services import payment_approve, payment_request
from gonghui.finance.payments.tests.sweep import target_payment
from gonghui.finance.tests.factories import account, staff

pytestmark = pytest.mark.django_db

READ = (p.AUDIT_BOOKS,)
LOCAL = ("same_with",)


def _status(payment: PaymentRequest):
    return lambda w: PaymentRequest.objects.get(pk=payment.pk).status


def _approved(world) -> PaymentRequest:
    payment = target_payment(world)
    return payment_approve(actor=target_books(world).reviewer, payment=payment)


def test_list_and_detail_matrix(world):
    payment = target_payment(world)
    responses = http_matrix(
        world, p.VIEW_BOOKS, "get", reverse("finance:payment_detail", args=[payment.pk]), also_without=READ
    )
    assert "**** 3445" in responses["ancestor"].content.decode()
    assert "6222020200112233445" not in responses["same_with"].content.decode()  # masked until revealed
    ledger = target_books(world).ledger
    responses = http_matrix(
        world, p.VIEW_BOOKS, "get", reverse("finance:payment_list") + f"?ledger={ledger.pk}", also_without=READ
    )
    assert payment.purpose in responses["same_with"].content.decode()


def test_list_of_all_books_never_shows_the_siblings_payments(world):
    payment = target_payment(world)
    sibling = login(Client(), world.actor("sibling", p.VIEW_BOOKS))
    response = sibling.get(reverse("finance:payment_list"))
    assert response.status_code == 200
    assert CANARY not in response.content.decode()
    auditor = login(Client(), world.actor("ancestor", p.VIEW_BOOKS))
    assert payment.purpose in auditor.get(reverse("finance:payment_list")).content.decode()
    assert login(Client(), world.member).get(reverse("finance:payment_list")).status_code == 403


def test_list_filters_by_status(world):
    payment = target_payment(world)
    client = login(Client(), target_books(world).preparer)
    url = reverse("finance:payment_list")
    assert payment.purpose in client.get(url, {"status": "requested"}).content.decode()
    assert payment.purpose not in client.get(url, {"status": "paid"}).content.decode()
    assert payment.purpose in client.get(url, {"q": "困难职工"}).content.decode()


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    tb = target_books(world)
    payment = target_payment(world)
    client = login(Client(), tb.preparer)
    url = reverse("finance:payment_list")
    client.get(url)
    with django_assert_max_num_queries(8):
        client.get(url)
    for i in range(15):
        payment_request(
            actor=tb.preparer,
            ledger=tb.ledger,
            idempotency_key=f"bulk-{i}",
            source="test:bulk",
            purpose=f"慰问{i}",
            amount="10.00",
            expense_account=payment.expense_account,
            payee_name=f"职工{i}",
        )
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.context["listing"].page.paginator.count == 16


def test_approve_and_reject_matrix(world):
    payment = target_payment(world)
    http_matrix(
        world,
        p.APPROVE_PAYMENT,
        "post",
        reverse("finance:payment_approve", args=[payment.pk]),
        state=_status(payment),
        allowed=LOCAL,
    )
    http_matrix(
        world,
        p.APPROVE_PAYMENT,
        "post",
        reverse("finance:payment_reject", args=[payment.pk]),
        data={"reason": "材料不全"},
        state=_status(payment),
        allowed=LOCAL,
    )


def test_record_matrix(world):
    payment = _approved(world)
    http_matrix(
        world,
        p.PAY,
        "post",
        reverse("finance:payment_record", args=[payment.pk]),
        data={"paid_on": "2026-01-20", "bank_reference": "B001"},
        state=lambda w: (PaymentRequest.objects.get(pk=payment.pk).status, Voucher.objects.count()),
        allowed=LOCAL,
    )


def test_requester_does_not_approve_and_approver_does_not_pay(world):
    tb = target_books(world)
    payment = target_payment(world)
    requester = login(Client(), tb.preparer)
    page = requester.get(reverse("finance:payment_detail", args=[payment.pk])).content.decode()
    assert 'id="act-approve"' not in page
    assert "须由其他有审批权限的人员审批" in page
    page = requester.post(reverse("finance:payment_approve", args=[payment.pk]), follow=True).content.decode()
    assert "审批人不能是申请人本人。" in page
    approver = login(Client(), tb.reviewer)
    approver.post(reverse("finance:payment_approve", args=[payment.pk]))
    page = approver.get(reverse("finance:payment_detail", args=[payment.pk])).content.decode()
    assert 'id="act-record"' not in page
    assert "须由其他有付款权限的人员登记付款" in page
    page = approver.post(
        reverse("finance:payment_record", args=[payment.pk]), {"paid_on": "2026-01-20"}, follow=True
    ).content.decode()
    assert "登记付款的人不能是审批人本人。" in page
    assert PaymentRequest.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED


def test_reject_needs_a_reason_and_shows_it(world):
    tb = target_books(world)
    payment = target_payment(world)
    client = login(Client(), tb.reviewer)
    page = client.post(reverse("finance:payment_reject", args=[payment.pk]), {"reason": ""}, follow=True)
    assert "请填写驳回理由。" in page.content.decode()
    page = client.post(reverse("finance:payment_reject", args=[payment.pk]), {"reason": "重复申请"}, follow=True)
    body = page.content.decode()
    assert "已驳回" in body
    assert "重复申请" in body
    assert PaymentRequest.objects.get(pk=payment.pk).status == PaymentStatus.REJECTED


def test_record_payment_posted_twice_pays_once_and_shows_paid(world):
    tb = target_books(world)
    payment = _approved(world)
    cashier = staff(world.target)  # neither the requester nor the approver
    client = login(Client(), cashier)
    url = reverse("finance:payment_record", args=[payment.pk])
    data = {"paid_on": "2026-01-20", "bank_reference": "ICBC-0001"}
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    assert "已登记付款并生成记账凭证。" in first.content.decode()
    body = second.content.decode()
    assert "该款项已支付，本次未重复登记。" in body
    assert "已支付" in body
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.bank_reference == "ICBC-0001"
    assert Voucher.objects.filter(source=f"finance.paymentrequest:{payment.pk}").count() == 1
    assert Entry.objects.filter(voucher=payment.voucher).count() == 2
    assert PaymentEvent.objects.filter(payment=payment, action="pay").count() == 1
    assert AuditEvent.objects.filter(action="finance.payment_record").count() == 1
    assert reverse("finance:voucher_detail", args=[payment.voucher_id]) in body
    assert 'id="act-record"' not in body
    assert tb.ledger.pk == payment.ledger_id


def test_reveal_account_matrix_is_audited(world):
    payment = target_payment(world)
    url = reverse("finance:payment_reveal_account", args=[payment.pk])
    responses = http_matrix(world, p.REVEAL_BANK_ACCOUNT, "post", url, allowed=LOCAL)
    assert "6222020200112233445" in responses["same_with"].content.decode()
    for name in ("sibling", "same_without", "ancestor"):
        assert "6222020200112233445" not in responses[name].content.decode()
    client = login(Client(), target_books(world).preparer)
    before = AuditEvent.objects.filter(action="finance.payment_reveal_account").count()
    fragment = client.post(url, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().strip() == '<span class="mono" id="payee-account">6222020200112233445</span>'
    assert "no-store" in fragment["Cache-Control"]
    page = client.post(url).content.decode()  # without htmx: the page, with the number
    assert "6222020200112233445" in page
    assert "<html" in page
    assert AuditEvent.objects.filter(action="finance.payment_reveal_account").count() == before + 2


def test_create_form_matrix(world):
    tb = target_books(world)
    url = reverse("finance:payment_create", args=[tb.ledger.pk])
    http_matrix(world, p.REQUEST_PAYMENT, "get", url, allowed=LOCAL)
    http_matrix(
        world,
        p.REQUEST_PAYMENT,
        "post",
        url,
        data=lambda w: {
            "idempotency_key": "matrix-key",
            "purpose": "送温暖",
            "amount": "500.00",
            "expense_account": account(tb.ledger, "520102").pk,
            "payee_name": "王师傅",
        },
        state=lambda w: PaymentRequest.objects.count(),
        allowed=LOCAL,
    )


def test_create_form_submitted_twice_makes_one_request(world):
    tb = target_books(world)
    client = login(Client(), tb.preparer)
    url = reverse("finance:payment_create", args=[tb.ledger.pk])
    page = client.get(url).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    other = re.search(r'name="idempotency_key" value="([^"]+)"', client.get(url).content.decode()).group(1)  # type: ignore[union-attr]
    assert key != other  # a fresh key each time the form is shown
    assert 'value="' + account(tb.ledger, "5001").pk.__str__() + '"' in page  # expense accounts only
    assert 'value="' + str(account(tb.ledger, "1002").pk) + '"' not in page
    data = {
        "idempotency_key": key,
        "purpose": "劳模慰问",
        "amount": "1888.88",
        "expense_account": account(tb.ledger, "520102").pk,
        "payee_name": "李劳模",
        "bank_name": "农业银行",
        "bank_account": "6228 4800 1234 5678",
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert PaymentRequest.objects.filter(purpose="劳模慰问").count() == 1
    created = PaymentRequest.objects.get(purpose="劳模慰问")
    assert first["Location"] == reverse("finance:payment_detail", args=[created.pk])
    assert "该支付申请已提交过，未重复创建。" in second.content.decode()
    assert str(created.amount) == "1888.88"
    assert created.account_masked == "**** 5678"
    assert "6228480012345678" not in created.account_cipher
    bad = client.post(url, {**data, "idempotency_key": "k2", "amount": "0"})
    assert "金额必须大于零。" in bad.content.decode()


def test_paid_payment_shows_in_the_books(world):
    tb = target_books(world)
    payment = _approved(world)
    cashier = staff(world.target)
    client = login(Client(), cashier)
    client.post(reverse("finance:payment_record", args=[payment.pk]), {"paid_on": "2026-01-25"})
    page = client.get(
        reverse("finance:report_account_ledger", args=[tb.ledger.pk]),
        {"account": str(account(tb.ledger, HARDSHIP_AID).pk), "date_from": "2026-01-01", "date_to": "2026-01-31"},
    ).content.decode()
    assert "800.00" in page
    assert date(2026, 1, 25).isoformat() in page


def test_the_business_source_is_shown_by_name_and_linked_only_for_whom_may_see_the_record(world):
    from gonghui.finance.dues.tests.sweep import _receipt

    payment = target_payment(world)
    url = reverse("finance:payment_detail", args=[payment.pk])
    books_only = login(Client(), world.staff("books", world.target, [p.VIEW_BOOKS]))
    everything = login(Client(), world.actor("same_with", p.VIEW_BOOKS))

    def source_cell(client: Client) -> str:
        html = client.get(url).content.decode()
        found = re.search(r'<dd id="payment-source">(.*?)</dd>', html, re.S)
        assert found is not None
        return found.group(1)

    unknown = source_cell(everything)
    assert "其他业务" in unknown
    assert "sweep.test:1" in unknown
    assert "<a" not in unknown

    receipt_id = _receipt(world)  # a dues collection of world.child, below the target
    PaymentRequest.objects.filter(pk=payment.pk).update(source=f"finance.duesreceipt:{receipt_id}")
    linked = source_cell(everything)
    assert f'href="{reverse("finance:dues_receipt", args=[receipt_id])}"' in linked
    assert f"会费收缴 {receipt_id}" in linked
    assert "finance.duesreceipt" not in linked
    plain = source_cell(books_only)  # may read the books, not the dues: the name without a link
    assert f"会费收缴 {receipt_id}" in plain
    assert "<a" not in plain

    api = everything.get(f"/api/v1/finance/payments/{payment.pk}/")
    assert api.json()["source_display"] == f"会费收缴 {receipt_id}"
