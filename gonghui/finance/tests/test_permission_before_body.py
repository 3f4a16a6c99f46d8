"""Finance writes check the permission on the ledger a body names before validating the rest of it (security
finding: 400 instead of 403/404 for a sibling union's ledger)."""

from __future__ import annotations

import pytest

from gonghui.authz.testing import http_matrix
from gonghui.finance.permissions import PREPARE_VOUCHER, REQUEST_PAYMENT
from gonghui.finance.tests.sweep_api import target_books

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("perm", "url", "bad"),
    [
        (REQUEST_PAYMENT, "/api/v1/finance/payments/", {"amount": 1.5, "expense_account": "²", "purpose": ""}),
        (PREPARE_VOUCHER, "/api/v1/finance/vouchers/", {"date": "2026-13-01", "lines": []}),
    ],
)
def test_the_ledger_is_checked_before_the_body(world, perm, url, bad):
    ledger = target_books(world)
    responses = http_matrix(
        world,
        perm,
        "post",
        url,
        data={"ledger": ledger.pk, **bad},
        json=True,
        allowed=("same_with",),  # local bookkeeping rights are held only where granted
        ok_statuses=(400,),
    )
    assert responses["sibling"].status_code == 404
    assert responses["same_without"].status_code == 403
    assert responses["ancestor"].status_code in (403, 404)
    assert "ledger" not in responses["same_with"].json()


def test_a_body_without_a_ledger_id_is_400_for_that_field(world):
    from django.test import Client

    from gonghui.authz.testing import login

    client = login(Client(), world.actor("sibling", REQUEST_PAYMENT))
    for ledger in (None, "", "²", "99999999999999999999"):
        body = {"purpose": "x"} if ledger is None else {"ledger": ledger}
        response = client.post("/api/v1/finance/payments/", body, content_type="application/json")
        assert response.status_code == 400, ledger
        assert list(response.json()) == ["ledger"]
