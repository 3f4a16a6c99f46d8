"""The portal's 我的款项: a worker sees their own payments (purpose, amount, status, date paid), never another's."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.authz.testing import CANARY
from gonghui.finance.ledger.chart import HARDSHIP_AID
from gonghui.finance.ledger.tests.sweep import target_books
from gonghui.finance.models import PaymentRequest
from gonghui.finance.payments.services import payment_approve, payment_record, payment_request
from gonghui.finance.tests.factories import account, staff

pytestmark = pytest.mark.django_db

URL = "/finance/payments/"


def _worker(phone: str) -> User:
    return User.objects.create_user(username=phone, phone=phone, name="职工" + phone[-4:])


def _pay(world, payee: User, purpose: str, amount: str = "600.00", key: str = "") -> PaymentRequest:
    tb = target_books(world)
    payment, _created = payment_request(
        actor=tb.preparer,
        ledger=tb.ledger,
        idempotency_key=key or f"portal-{purpose}",
        source="assistance.decision:1",
        purpose=purpose,
        amount=amount,
        expense_account=account(tb.ledger, HARDSHIP_AID),
        payee_name=payee.name,
        payee_user=payee,
        bank_account="6222020200112233445",
    )
    return payment


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_url_is_in_the_portal_namespace():
    assert reverse("finance_portal:my_payments") == URL


def test_a_worker_sees_their_own_payments_only(world):
    tb = target_books(world)
    me, other = _worker("13900001111"), _worker("13900002222")
    mine = _pay(world, me, "困难职工帮扶金", "1234.50")
    _pay(world, other, f"别人的款项{CANARY}", "99.00")
    payment_approve(actor=tb.reviewer, payment=mine)
    payment_record(actor=staff(world.target), payment=mine, paid_on=date(2026, 1, 28), bank_reference="银行流水甲乙丙")

    page = _client(me).get(URL).content.decode()
    assert "困难职工帮扶金" in page
    assert "1,234.50" in page
    assert "已支付" in page
    assert "2026-01-28" in page
    assert "别人的款项" not in page
    assert "99.00" not in page
    assert "6222020200112233445" not in page
    assert "银行流水甲乙丙" not in page  # (a short Latin reference could occur in a random CSRF token or nonce)

    theirs = _client(other).get(URL).content.decode()
    assert "别人的款项" in theirs
    assert "待审批" in theirs
    assert "困难职工帮扶金" not in theirs


def test_no_payments_shows_an_empty_state(world):
    page = _client(world.member).get(URL).content.decode()
    assert "暂无款项记录" in page


def test_anonymous_is_sent_to_the_portal_login():
    response = Client().get(URL)
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]


def test_query_count_is_pinned(world, django_assert_max_num_queries):
    me = _worker("13900003333")
    client = _client(me)
    _pay(world, me, "慰问金0")
    client.get(URL)
    with django_assert_max_num_queries(4):
        client.get(URL)
    for i in range(1, 12):
        _pay(world, me, f"慰问金{i}")
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="p-card my-payment"') == 12


def test_the_tile_is_on_the_portal_home(world):
    page = _client(world.member).get(reverse("portal:home")).content.decode()
    assert URL in page
    assert "我的款项" in page
