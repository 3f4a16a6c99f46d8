"""JSON API of the books: the HTTP matrix of every endpoint, behaviour, money as strings, pinned query counts."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.attachments.services import attachment_add
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.finance.ledger.attachments import INVOICE
from gonghui.finance.models import Voucher, VoucherStatus
from gonghui.finance.permissions import AUDIT_BOOKS, PREPARE_VOUCHER, VIEW_BOOKS
from gonghui.finance.tests.factories import account, books, posted
from gonghui.finance.tests.sweep_api import SUMMARY, api_voucher, target_books

pytestmark = pytest.mark.django_db

WITH_SIBLING = (*ALLOWED, "sibling")
LEDGERS = "/api/v1/finance/ledgers/"
VOUCHERS = "/api/v1/finance/vouchers/"


def _client(world, who="same_with", perm=VIEW_BOOKS):
    return login(Client(), world.actor(who, perm))


def voucher_body(world, ledger, **overrides):
    body = {
        "ledger": ledger.pk,
        "date": "2026-03-10",
        "summary": f"收到会费{CANARY}",
        "lines": [
            {"account": account(ledger, "1002").pk, "debit": "1234.50"},
            {"account": account(ledger, "4001").pk, "credit": "1234.50", "summary": "三月会费"},
        ],
    }
    body.update(overrides)
    return body


# --- matrices ---------------------------------------------------------------------------------------------------


def test_ledger_list_matrix(world):
    target_books(world)
    responses = http_matrix(world, VIEW_BOOKS, "get", LEDGERS, allowed=WITH_SIBLING, also_without=(AUDIT_BOOKS,))
    assert responses["sibling"].json()["count"] == 0
    [row] = responses["same_with"].json()["results"]
    assert row["unit"] == world.target.pk
    assert CANARY in row["unit_name"]
    # The province's audit committee reads every ledger below it.
    assert world.target.pk in [r["unit"] for r in responses["ancestor"].json()["results"]]


def test_ledger_detail_and_accounts_matrix(world):
    ledger = target_books(world)
    responses = http_matrix(world, VIEW_BOOKS, "get", f"{LEDGERS}{ledger.pk}/", also_without=(AUDIT_BOOKS,))
    assert responses["ancestor"].json()["id"] == ledger.pk
    responses = http_matrix(world, VIEW_BOOKS, "get", f"{LEDGERS}{ledger.pk}/accounts/", also_without=(AUDIT_BOOKS,))
    codes = [a["code"] for a in responses["same_with"].json()["results"]]
    assert {"1002", "4001"} <= set(codes)
    bank = next(a for a in responses["same_with"].json()["results"] if a["code"] == "1002")
    assert bank["kind"] == "asset"


def test_reports_matrix_and_figures(world):
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 2, 3), "1000.00")
    posted(ledger, preparer, reviewer, date(2026, 3, 5), "234.56")
    posted(ledger, preparer, reviewer, date(2026, 3, 9), "50.00", debit="520101", credit="1002", summary="帮扶")
    tb_url = f"{LEDGERS}{ledger.pk}/trial-balance/?year=2026&month=3"
    tb = http_matrix(world, VIEW_BOOKS, "get", tb_url, also_without=(AUDIT_BOOKS,))["ancestor"].json()
    assert tb["balanced"] is True
    assert tb["debit_total"] == "284.56"
    assert tb["credit_total"] == "284.56"
    bank = next(r for r in tb["rows"] if r["code"] == "1002")
    assert (bank["opening"], bank["debit"], bank["credit"], bank["closing"]) == (
        "1000.00",
        "234.56",
        "50.00",
        "1184.56",
    )
    assert bank["closing_side"] == "借"
    is_url = f"{LEDGERS}{ledger.pk}/income-statement/?year=2026&month=3"
    st = http_matrix(world, VIEW_BOOKS, "get", is_url, also_without=(AUDIT_BOOKS,))["same_with"].json()
    assert (st["income_month"], st["income_ytd"], st["expense_month"], st["surplus_ytd"]) == (
        "234.56",
        "1234.56",
        "50.00",
        "1184.56",
    )
    client = _client(world)
    assert client.get(f"{LEDGERS}{ledger.pk}/trial-balance/?month=13").status_code == 400


def test_rollup_matrix_sums_the_subtree(world):
    ledger, preparer, reviewer = books(world.target)
    child, c_prep, c_rev = books(world.child)
    posted(ledger, preparer, reviewer, date(2026, 3, 5), "100.00")
    posted(child, c_prep, c_rev, date(2026, 3, 6), "20.50")
    url = f"/api/v1/finance/units/{world.target.pk}/rollup-trial-balance/?year=2026&month=3"
    responses = http_matrix(world, AUDIT_BOOKS, "get", url)
    tb = responses["ancestor"].json()
    dues = next(r for r in tb["rows"] if r["code"] == "4001")
    assert dues["credit"] == "120.50"
    assert dues["account"] is None
    assert tb["balanced"] is True
    assert CANARY in tb["title"]


def test_voucher_list_matrix_and_filters(world):
    voucher = api_voucher(world)
    responses = http_matrix(world, VIEW_BOOKS, "get", VOUCHERS, allowed=WITH_SIBLING, also_without=(AUDIT_BOOKS,))
    assert responses["sibling"].json()["count"] == 0
    [row] = responses["same_with"].json()["results"]
    assert row["id"] == voucher.pk
    assert row["total"] == "320.00"
    assert row["line_count"] == 2
    assert row["status"] == "draft"
    client = _client(world, "ancestor")
    ids = lambda q: [r["id"] for r in client.get(VOUCHERS + q).json()["results"]]  # noqa: E731
    assert ids(f"?ledger={voucher.ledger_id}&status=draft&year=2026&month=3") == [voucher.pk]
    assert ids("?status=posted") == []
    assert ids("?month=4") == []
    assert ids("?q=会费") == [voucher.pk]
    assert client.get(VOUCHERS + "?status=nonsense").status_code == 400


def test_voucher_detail_matrix_has_lines(world):
    voucher = api_voucher(world)
    body = http_matrix(world, VIEW_BOOKS, "get", f"{VOUCHERS}{voucher.pk}/", also_without=(AUDIT_BOOKS,))[
        "ancestor"
    ].json()
    assert body["summary"] == SUMMARY
    assert [(x["account_code"], x["debit"], x["credit"]) for x in body["lines"]] == [
        ("1002", "320.00", "0.00"),
        ("4001", "0.00", "320.00"),
    ]
    assert body["attachments"] == []


def test_voucher_detail_lists_its_scans_with_their_file_view(world):
    voucher = api_voucher(world)
    scan = attachment_add(
        actor=voucher.prepared_by,
        owner=voucher,
        upload=SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        purpose=INVOICE,
    )
    body = _client(world, "ancestor", AUDIT_BOOKS).get(f"{VOUCHERS}{voucher.pk}/").json()
    [row] = body["attachments"]
    assert row["id"] == scan.pk
    assert row["name"] == "发票.pdf"
    assert row["kind"] == "pdf"
    assert row["purpose"] == "invoice"
    assert row["sensitive"] is True
    assert row["url"].endswith(reverse("attachments:file", args=[scan.pk]))


def test_voucher_create_matrix(world):
    ledger = target_books(world)
    responses = http_matrix(
        world,
        PREPARE_VOUCHER,
        "post",
        VOUCHERS,
        data=lambda w: voucher_body(w, ledger),
        json=True,
        allowed=("same_with",),
        state=lambda w: Voucher.objects.count(),
    )
    created = responses["same_with"]
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["total"] == "1234.50"
    assert body["lines"][1]["summary"] == "三月会费"
    assert responses["ancestor"].status_code == 403


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_voucher_create_refuses_bad_money_and_unbalanced_lines(world):
    ledger = target_books(world)
    client = _client(world, perm=PREPARE_VOUCHER)
    before = Voucher.objects.count()
    floats = voucher_body(world, ledger)
    floats["lines"][0]["debit"] = 1234.5
    floats["lines"][1]["credit"] = 1234.5
    response = _post(client, VOUCHERS, floats)
    assert response.status_code == 400
    assert "字符串" in response.content.decode()
    three = voucher_body(world, ledger)
    three["lines"][0]["debit"] = "10.005"
    three["lines"][1]["credit"] = "10.005"
    assert _post(client, VOUCHERS, three).status_code == 400
    unbalanced = voucher_body(world, ledger)
    unbalanced["lines"][1]["credit"] = "1000.00"
    response = _post(client, VOUCHERS, unbalanced)
    assert response.status_code == 400
    assert "借贷不平衡" in response.json()["non_field_errors"][0]
    sibling_books, *_ = books(world.sibling)
    foreign = voucher_body(world, ledger)
    foreign["lines"][0]["account"] = account(sibling_books, "1002").pk
    assert _post(client, VOUCHERS, foreign).status_code == 400
    assert Voucher.objects.count() == before


def test_voucher_submit_matrix_and_conflict(world):
    voucher = api_voucher(world)
    responses = http_matrix(
        world,
        PREPARE_VOUCHER,
        "post",
        f"{VOUCHERS}{voucher.pk}/submit/",
        allowed=("same_with",),
        state=lambda w: Voucher.objects.get(pk=voucher.pk).status,
    )
    assert responses["same_with"].json()["status"] == "submitted"
    client = _client(world, perm=PREPARE_VOUCHER)
    assert client.post(f"{VOUCHERS}{voucher.pk}/submit/").status_code == 200
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.SUBMITTED
    # Submitting again: someone already did (409, as for any stale transition).
    assert client.post(f"{VOUCHERS}{voucher.pk}/submit/").status_code == 409


# --- pinned query counts ----------------------------------------------------------------------------------------


def test_list_endpoints_pin_their_query_counts(world, django_assert_max_num_queries):
    ledger, preparer, reviewer = books(world.target)
    for day in range(1, 13):
        posted(ledger, preparer, reviewer, date(2026, 3, day), f"{day}.00")
    child, c_prep, c_rev = books(world.child)
    posted(child, c_prep, c_rev, date(2026, 3, 2))
    client = _client(world, "ancestor")
    client.get(LEDGERS)  # warm the session and the actor's grants
    with django_assert_max_num_queries(6):
        assert client.get(LEDGERS).json()["count"] == 2
    with django_assert_max_num_queries(6):
        assert client.get(VOUCHERS).json()["count"] == 13
    with django_assert_max_num_queries(7):
        assert len(client.get(f"{LEDGERS}{ledger.pk}/accounts/").json()["results"]) > 10
