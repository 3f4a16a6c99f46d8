"""Finance API answers keep their schema: months are ``YYYY-MM`` strings (declared with that pattern), malformed
months and dates in queries answer 400, and the actions that answer 409 are documented with it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gonghui.authz import registry
from gonghui.authz.testing import login
from gonghui.finance.allocation.api import MONTH_PATTERN, MonthField

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return login(Client(), world.staff("c", world.province, [str(p) for p in registry.all_perms()]))


@pytest.mark.parametrize("url", ["/api/v1/finance/allocations/", "/api/v1/finance/dues/"])
def test_month_queries(admin, url):
    assert admin.get(url, {"month": "2026-11"}).status_code == 200
    for bad in ("2026-13", "2026-1", "26-11", "2026-11-01", "２０２６-11", "²026-11", "0000-01"):
        response = admin.get(url, {"month": bad})
        assert response.status_code == 400, (url, bad)
        assert list(response.json()) == ["month"]


def test_arrears_as_of_must_be_a_date(admin):
    assert admin.get("/api/v1/finance/arrears/", {"as_of": "2026-11-30"}).status_code == 200
    assert admin.get("/api/v1/finance/arrears/", {"as_of": "2026-02-30"}).status_code == 400


def test_month_field_writes_and_reads_year_month():
    from datetime import date

    field = MonthField()
    assert field.to_representation(date(2026, 11, 1)) == "2026-11"
    assert re.fullmatch(MONTH_PATTERN, "2026-11")
    assert field.to_internal_value("2026-11") == date(2026, 11, 1)


def test_schema_declares_months_as_patterns_and_409s(admin):
    schema = admin.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    for name in ("Declaration", "Arrears", "DuesPayment"):
        month = components[name]["properties"]["month"]
        assert month["type"] == "string"
        assert month["pattern"] == MONTH_PATTERN
        assert "format" not in month
    paths = schema["paths"]
    assert "409" in paths["/api/v1/finance/payments/"]["post"]["responses"]
    assert "409" in paths["/api/v1/finance/vouchers/{voucher_id}/submit/"]["post"]["responses"]
    assert "409" in paths["/api/v1/finance/audit-findings/{finding_id}/reply/"]["post"]["responses"]
    assert "409" not in paths["/api/v1/finance/vouchers/"]["post"]["responses"]
