"""The console home's funds panel (issue 13): a payment request waits for the second person who approves it,
never for the one who asked; each queue links to its list."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from gonghui.console.panels import waiting_for
from gonghui.finance.payments.tests.test_payments import ask
from gonghui.finance.tests.factories import books, posted

pytestmark = pytest.mark.django_db


def _items(actor):
    with translation.override("zh-hans"):  # labels are compared in the source language
        return {str(item.label): item for panel in waiting_for(actor) for item in panel.items}


def test_a_payment_request_waits_for_the_approver_not_the_requester(world):
    ledger, preparer, reviewer = books(world.target)
    posted(ledger, preparer, reviewer, date(2026, 3, 1), "50000.00", summary="拨缴经费")
    ask(ledger, preparer)
    waiting = _items(reviewer)["支付申请待审批"]
    assert waiting.count == 1
    assert waiting.url == "/console/finance/payments/?status=requested"
    assert "支付申请待审批" not in _items(preparer)
