"""Ids and numbers in finance requests go through ``common.params`` (security finding 3): the pages and endpoints
of one ledger with odd values, a posted id that is not an id, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from gonghui.authz import registry
from gonghui.authz.testing import login
from gonghui.common.params import BIGINT_MAX, INVALID_ID_MESSAGE
from gonghui.finance.tests.factories import books

pytestmark = pytest.mark.django_db

VALUES = ["²", "٣", str(BIGINT_MAX + 1), "9" * 30, "-1", "+1", " 1"]


@pytest.fixture
def setup(world):
    ledger, _preparer, _reviewer = books(world.target)
    admin = login(Client(), world.staff("odd", world.target, [str(p) for p in registry.all_perms()]))
    return ledger, admin


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/finance/ledgers/{ledger}/trial-balance/?year={v}",
        "/api/v1/finance/ledgers/{ledger}/trial-balance/?month={v}",
        "/api/v1/finance/ledgers/{ledger}/income-statement/?year={v}",
        "/api/v1/finance/units/{unit}/rollup-trial-balance/?month={v}",
    ],
)
def test_period_parameters_answer_400(setup, world, template):
    ledger, admin = setup
    for value in VALUES:
        response = admin.get(template.format(ledger=ledger.pk, unit=world.target.pk, v=quote(value)))
        assert response.status_code == 400, (template, value, response.status_code)


@pytest.mark.parametrize(
    "template",
    [
        "/console/finance/ledgers/{ledger}/vouchers/line/?index={v}",
        "/console/finance/ledgers/{ledger}/accounts/new/?parent={v}",
        "/console/finance/units/{unit}/reports/rollup/?month={v}",
        "/console/finance/ledgers/{ledger}/reports/trial-balance/?period={v}",
    ],
)
def test_console_parameters_are_ignored(setup, world, template):
    ledger, admin = setup
    for value in VALUES:
        response = admin.get(template.format(ledger=ledger.pk, unit=world.target.pk, v=quote(value)))
        assert response.status_code == 200, (template, value, response.status_code)


def test_posted_ids_that_are_not_ids(setup):
    ledger, admin = setup
    for value in VALUES:  # not a union: ignored by the picker, which asks for one
        response = admin.post("/console/finance/ledgers/open/", {"unit": value})
        assert response.status_code == 200, value
        assert "请搜索并选择一个组织。" in response.content.decode(), value
    response = admin.post(
        "/api/v1/finance/vouchers/",
        {"ledger": ledger.pk, "date": "2026-03-01", "summary": "s", "lines": [{"account": "²", "debit": "1.00"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"lines": {"0": {"account": [str(INVALID_ID_MESSAGE)]}}}
