"""The console form edits a red reversal's draft (红字冲销) with negative amounts; any other voucher takes positive
amounts only, and a year-end closing voucher is not edited at all (issue 22)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import http_matrix, login
from gonghui.finance import permissions as p
from gonghui.finance.ledger.services import voucher_reverse
from gonghui.finance.ledger.tests.test_views_ledger import _line_data
from gonghui.finance.models import Voucher, VoucherLine
from gonghui.finance.tests.factories import account, books, posted

pytestmark = pytest.mark.django_db


def _reversal(unit):
    ledger, preparer, reviewer = books(unit)
    original = posted(ledger, preparer, reviewer, date(2026, 1, 10), "500.00", "520101", "1002", summary="重复报销")
    return ledger, preparer, voucher_reverse(actor=preparer, voucher=original, day=date(2026, 1, 20), reason="重复")


def _lines(voucher):
    return [
        (x.account.code, x.debit, x.credit) for x in VoucherLine.objects.filter(voucher=voucher).order_by("position")
    ]


def test_a_red_reversal_draft_is_edited_with_negative_amounts(world):
    ledger, preparer, reversal = _reversal(world.target)
    client = login(Client(), preparer)
    url = reverse("finance:voucher_edit", args=[reversal.pk])
    page = client.get(url).content.decode()
    assert 'id="red-reversal-hint"' in page
    assert 'value="-500.00"' in page
    # A partial reversal: 200.00 of the 500.00, same sides, negative.
    data = _line_data(
        (account(ledger, "520101"), "-200.00", ""),
        (account(ledger, "1002"), "", "-200.00"),
        summary=reversal.summary,
        day="2026-01-21",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert _lines(reversal) == [("520101", D("-200.00"), D("0.00")), ("1002", D("0.00"), D("-200.00"))]
    # Positive amounts are refused on a reversal, and nothing changes.
    data = _line_data((account(ledger, "520101"), "200.00", ""), (account(ledger, "1002"), "", "200.00"), summary="x")
    page = client.post(url, data).content.decode()
    assert "红字冲销凭证的借方和贷方须且只能填写一个负数金额。" in page
    assert _lines(reversal)[0] == ("520101", D("-200.00"), D("0.00"))


def test_an_ordinary_draft_refuses_negative_amounts(world):
    ledger, preparer, _reviewer = books(world.target)
    client = login(Client(), preparer)
    data = _line_data((account(ledger, "5001"), "-50.00", ""), (account(ledger, "1002"), "", "-50.00"), summary="负数")
    page = client.post(reverse("finance:voucher_create", args=[ledger.pk]), data).content.decode()
    assert "借方和贷方须且只能填写一个正数金额。" in page
    assert not Voucher.objects.filter(summary="负数").exists()


def test_red_reversal_edit_matrix(world):
    ledger, _preparer, reversal = _reversal(world.target)
    data = _line_data(
        (account(ledger, "520101"), "-100.00", ""),
        (account(ledger, "1002"), "", "-100.00"),
        summary="部分冲销",
        day="2026-01-22",
    )
    http_matrix(
        world,
        p.PREPARE_VOUCHER,
        "post",
        reverse("finance:voucher_edit", args=[reversal.pk]),
        data=data,
        state=lambda w: _lines(reversal),
        allowed=("same_with",),
    )
