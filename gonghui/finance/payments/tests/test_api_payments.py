"""JSON API of payment requests: the HTTP matrix, idempotency (201 / 200 / 409), masked bank accounts, pinned
query counts; and the API exception handler's mapping of an idempotency conflict to 409."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gonghui.api.exceptions import exception_handler
from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.finance.ledger.services import ledger_open
from gonghui.finance.models import PaymentRequest
from gonghui.finance.permissions import AUDIT_BOOKS, REQUEST_PAYMENT, VIEW_BOOKS
from gonghui.finance.tests.factories import account, books, staff
from gonghui.finance.tests.sweep_api import api_payment, target_books
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

WITH_SIBLING = (*ALLOWED, "sibling")
PAYMENTS = "/api/v1/finance/payments/"
NUMBER = "6222020200112233445"


def body(ledger, **overrides):
    data = {
        "ledger": ledger.pk,
        "idempotency_key": "assistance.decision:7",
        "source": "assistance.decision:7",
        "purpose": f"困难职工帮扶金{CANARY}",
        "amount": "1500.00",
        "expense_account": account(ledger, "520101").pk,
        "payee_name": f"王兰芳{CANARY}",
        "bank_name": "中国工商银行杭州西湖支行",
        "bank_account": NUMBER,
    }
    data.update(overrides)
    return data


def post(client, data):
    return client.post(PAYMENTS, data=json.dumps(data), content_type="application/json")


def test_payment_list_matrix(world):
    payment = api_payment(world)
    responses = http_matrix(world, VIEW_BOOKS, "get", PAYMENTS, allowed=WITH_SIBLING, also_without=(AUDIT_BOOKS,))
    assert responses["sibling"].json()["count"] == 0
    [row] = responses["ancestor"].json()["results"]
    assert row["id"] == payment.pk
    assert row["amount"] == "800.00"
    assert row["account_masked"] == "**** 3445"
    assert "6222020200112233445" not in responses["ancestor"].content.decode()


def test_payment_detail_matrix_masks_the_account(world):
    payment = api_payment(world)
    responses = http_matrix(world, VIEW_BOOKS, "get", f"{PAYMENTS}{payment.pk}/", also_without=(AUDIT_BOOKS,))
    data = responses["same_with"].json()
    assert data["status"] == "requested"
    assert data["account_masked"] == "**** 3445"
    assert not {"bank_account", "account_cipher", "fingerprint"} & set(data)
    assert "6222020200112233445" not in responses["same_with"].content.decode()


def test_payment_create_matrix(world):
    ledger = target_books(world)
    responses = http_matrix(
        world,
        REQUEST_PAYMENT,
        "post",
        PAYMENTS,
        data=lambda w: body(ledger),
        json=True,
        allowed=("same_with",),
        state=lambda w: PaymentRequest.objects.count(),
    )
    assert responses["same_with"].status_code == 201
    assert responses["ancestor"].status_code == 403


def test_payment_create_is_idempotent(world):
    ledger = target_books(world)
    client = login(Client(), world.actor("same_with", REQUEST_PAYMENT))
    first = post(client, body(ledger))
    assert first.status_code == 201
    data = first.json()
    assert data["amount"] == "1500.00"
    assert data["account_masked"] == "**** 3445"
    assert NUMBER not in first.content.decode()
    events = AuditEvent.objects.count()
    again = post(client, body(ledger))
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert AuditEvent.objects.count() == events
    conflict = post(client, body(ledger, amount="1600.00"))
    assert conflict.status_code == 409
    assert "幂等键" in conflict.json()["non_field_errors"][0]
    assert PaymentRequest.objects.filter(ledger=ledger).count() == 1
    other = post(client, body(ledger, idempotency_key="assistance.decision:8"))
    assert other.status_code == 201
    assert PaymentRequest.objects.filter(ledger=ledger).count() == 2


def test_payment_create_refuses_floats_places_and_foreign_accounts(world):
    ledger = target_books(world)
    client = login(Client(), world.actor("same_with", REQUEST_PAYMENT))
    assert post(client, body(ledger, amount=1500.5)).status_code == 400
    assert post(client, body(ledger, amount="1500.005")).status_code == 400
    assert post(client, body(ledger, amount="0.00")).status_code == 400
    assert post(client, body(ledger, expense_account=account(ledger, "1002").pk)).status_code == 400
    sibling_books, *_ = books(world.sibling)
    assert post(client, body(ledger, expense_account=account(sibling_books, "520101").pk)).status_code == 400
    assert post(client, body(ledger, bank_account="12ab")).status_code == 400
    assert PaymentRequest.objects.count() == 0


def test_payment_create_payee_member_must_be_visible(world):
    ledger = target_books(world)
    client = login(Client(), world.actor("same_with", REQUEST_PAYMENT))
    outsider = MemberFactory.create(unit=world.sibling)
    assert post(client, body(ledger, payee_member=outsider.pk)).status_code == 400
    member = MemberFactory.create(unit=world.child, name=f"会员{CANARY}")
    response = post(client, body(ledger, payee_member=member.pk))
    assert response.status_code == 201
    assert response.json()["payee_member"] == member.pk


def test_payment_list_filters_and_query_count(world, django_assert_max_num_queries):
    ledger = target_books(world)
    client = login(Client(), world.actor("same_with", REQUEST_PAYMENT))
    for n in range(8):
        assert post(client, body(ledger, idempotency_key=f"k{n}", purpose=f"用途{n}")).status_code == 201
    reader = login(Client(), world.actor("ancestor", VIEW_BOOKS))
    reader.get(PAYMENTS)
    with django_assert_max_num_queries(6):
        assert reader.get(PAYMENTS).json()["count"] == 8
    assert reader.get(f"{PAYMENTS}?status=paid").json()["count"] == 0
    assert reader.get(f"{PAYMENTS}?q=用途3").json()["count"] == 1
    assert reader.get(f"{PAYMENTS}?ledger={ledger.pk}&status=requested").json()["count"] == 8


def test_exception_handler_maps_conflicts_to_409():
    conflict = exception_handler(ValidationError("x", code="idempotency_conflict"), {})
    stale = exception_handler(ValidationError("x", code="stale"), {})
    other = exception_handler(ValidationError("x", code="money"), {})
    assert conflict is not None
    assert stale is not None
    assert other is not None
    assert (conflict.status_code, stale.status_code, other.status_code) == (409, 409, 400)
    assert conflict.data == {"non_field_errors": ["x"]}


def test_a_key_of_another_ledger_is_neither_seen_nor_taken(world):
    """A sibling union's accountant posting a key the target's ledger already uses gets a new request (201), not
    a 409 that would tell the key exists; a key they register first does not block the target's payment."""
    ledger = target_books(world)
    sibling_ledger = ledger_open(actor=staff(world.sibling), unit=world.sibling, opened_on=date(2026, 1, 1))
    target = login(Client(), world.actor("same_with", REQUEST_PAYMENT))
    sibling = login(Client(), staff(world.sibling, (REQUEST_PAYMENT, VIEW_BOOKS)))
    assert post(target, body(ledger)).status_code == 201
    taken = post(sibling, body(sibling_ledger, amount="1.00"))
    assert taken.status_code == 201, taken.content
    # The sibling pre-registers the target's next predictable key; the target's request still goes through.
    assert post(sibling, body(sibling_ledger, idempotency_key="assistance.decision:8")).status_code == 201
    mine = post(target, body(ledger, idempotency_key="assistance.decision:8"))
    assert mine.status_code == 201
    assert mine.json()["ledger"] == ledger.pk
    assert PaymentRequest.objects.filter(idempotency_key="assistance.decision:8").count() == 2
    # The sibling cannot post into the target's ledger at all (404), key or no key.
    assert post(sibling, body(ledger, amount="1.00")).status_code == 404
