"""``common.params``: one parser of ids and counts from requests (security finding 3: 500s from ``unit=²`` and
from numbers beyond the database's range)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from gonghui.authz.testing import login
from gonghui.common.params import (
    BIGINT_MAX,
    INVALID_ID_MESSAGE,
    IntParamField,
    IntParamFormField,
    int_param,
    month_param,
)

ODD = ["²", "٣", "１２", "+1", "-1", " 7", "7 ", "1e3", "1.0", "0x10", "1_000", "", str(BIGINT_MAX + 1), "9" * 40]


@given(st.text())
def test_int_param_accepts_only_ascii_digits_within_bigint(raw):
    value = int_param(raw)
    if value is None:
        return
    assert raw.isascii(), raw
    assert raw.isdigit(), raw
    assert 0 <= value <= BIGINT_MAX
    assert value == int(raw)


@given(st.integers())
def test_int_param_of_numbers_and_their_text(number):
    expected = number if 0 <= number <= BIGINT_MAX else None
    assert int_param(number) == expected
    assert int_param(str(number)) == expected


@given(
    st.text(alphabet=st.characters(categories=["Nd", "No", "Zs", "Pd", "Sm"]), min_size=1).filter(
        lambda s: not (s.isascii() and s.isdigit())
    )
)
def test_unicode_digits_signs_and_spaces_are_refused(raw):
    assert int_param(raw) is None


@pytest.mark.parametrize("raw", ODD)
def test_odd_values(raw):
    assert int_param(raw) is None
    assert int_param(True) is None


def test_bounds():
    assert int_param("0") == 0
    assert int_param("0", min_value=1) is None
    assert int_param(str(BIGINT_MAX)) == BIGINT_MAX
    assert int_param("12", max_value=10) is None


@given(st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats()))
def test_serializer_field_answers_a_validation_error_never_a_crash(raw):
    class Query(serializers.Serializer):
        unit = IntParamField(required=False)

    query = Query(data={"unit": raw})
    if query.is_valid():
        assert 1 <= query.validated_data.get("unit", 1) <= BIGINT_MAX
    else:
        assert "unit" in query.errors


@given(st.text())
def test_form_field_makes_a_bad_value_invalid(raw):
    from django import forms

    class Filter(forms.Form):
        unit = IntParamFormField(required=False)

    form = Filter({"unit": raw})
    if form.is_valid():
        assert form.cleaned_data["unit"] is None or 1 <= form.cleaned_data["unit"] <= BIGINT_MAX


# --- every kernel API and console filter that takes a number: 400 (API) or ignored (console), never 500 -------

API_FILTERS = [
    "/api/v1/grants/?unit={v}",
    "/api/v1/grants/?role={v}",
    "/api/v1/grants/?user={v}",
    "/api/v1/units/?within={v}",
    "/api/v1/employers/?unit={v}",
    "/api/v1/audit-events/?unit={v}",
    "/api/v1/policy/effective/?unit={v}",
    "/api/v1/policy/records/?unit={v}",
    "/api/v1/calendar/days/?year={v}",
]
API_LOOKUPS = [
    "/api/v1/units/{v}/",
    "/api/v1/roles/{v}/",
    "/api/v1/grants/{v}/",
    "/api/v1/review/cases/{v}/",
    "/api/v1/review/processes/{v}/",
    "/api/v1/audit-events/{v}/",
    "/api/v1/policy/records/{v}/",
]
CONSOLE_PAGES = [
    "/console/access/grants/?unit={v}",
    "/console/access/grants/?role={v}",
    "/console/audit/?unit={v}",
    "/console/review/cases/?q={v}",
    "/console/orgs/units/?per_page={v}",
    "/console/orgs/employers/?unit={v}",
]
VALUES = ["²", "٣", str(BIGINT_MAX + 1), "9" * 30, "-1", "+1", "%201"]


@pytest.fixture
def admin(world):
    from gonghui.authz import registry

    return login(Client(), world.staff("odd", world.province, [str(p) for p in registry.all_perms()]))


@pytest.mark.django_db
@pytest.mark.parametrize("template", API_FILTERS)
def test_api_filters_answer_400_for_odd_numbers(admin, template):
    for value in VALUES:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 400, (template, value, response.status_code)
        body = response.content.decode()
        assert "Traceback" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("template", API_LOOKUPS)
def test_api_lookups_answer_404_for_odd_ids(admin, template):
    for value in VALUES:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 404, (template, value, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("template", CONSOLE_PAGES)
def test_console_filters_ignore_odd_numbers(admin, template):
    for value in VALUES:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 200, (template, value, response.status_code)


@pytest.mark.django_db
def test_api_400_names_the_field_with_a_clear_message(admin):
    response = admin.get("/api/v1/grants/?unit=²")
    assert response.json() == {"unit": [str(INVALID_ID_MESSAGE)]}


# --- members and finance: the same rule (security finding 3 for the domain apps) ------------------------------

DOMAIN_API_FILTERS = [
    "/api/v1/members/?unit={v}",
    "/api/v1/members/stats/?unit={v}",
    "/api/v1/finance/vouchers/?ledger={v}",
    "/api/v1/finance/vouchers/?year={v}",
    "/api/v1/finance/vouchers/?month={v}",
    "/api/v1/finance/payments/?ledger={v}",
    "/api/v1/finance/budgets/?year={v}",
]
DOMAIN_API_LOOKUPS = [
    "/api/v1/members/{v}/",
    "/api/v1/member-imports/{v}/",
    "/api/v1/join-applications/{v}/",
    "/api/v1/transfers/{v}/",
    "/api/v1/finance/ledgers/{v}/",
    "/api/v1/finance/ledgers/{v}/accounts/",
    "/api/v1/finance/ledgers/{v}/trial-balance/",
    "/api/v1/finance/vouchers/{v}/",
    "/api/v1/finance/payments/{v}/",
    "/api/v1/finance/allocations/{v}/",
    "/api/v1/finance/budgets/{v}/",
    "/api/v1/finance/audit-findings/{v}/",
    "/api/v1/finance/units/{v}/rollup-trial-balance/",
]
DOMAIN_CONSOLE_PAGES = [
    "/console/members/?unit={v}",
    "/console/members/?per_page={v}",
    "/console/members/?page={v}",
    "/console/finance/payments/?ledger={v}",
    "/console/finance/dues/?unit={v}",
    "/console/finance/allocation/?unit={v}",
    "/console/finance/allocation/arrears/?unit={v}",
    "/console/finance/budgets/?year={v}",
]
#: Ids in console paths: Django's ``<int:...>`` takes any run of ASCII digits, however long.
DOMAIN_CONSOLE_LOOKUPS = [
    "/console/members/{v}/",
    "/console/members/join/{v}/",
    "/console/members/transfers/{v}/",
    "/console/members/imports/{v}/",
    "/console/finance/ledgers/{v}/",
    "/console/finance/vouchers/{v}/",
    "/console/finance/payments/{v}/",
    "/console/finance/budgets/{v}/",
    "/console/finance/audits/{v}/",
    "/console/finance/allocation/{v}/",
    "/console/finance/dues/members/{v}/",
    "/console/finance/units/{v}/reports/rollup/",
]
HUGE = [str(BIGINT_MAX + 1), "9" * 30, "0"]


@pytest.mark.django_db
@pytest.mark.parametrize("template", DOMAIN_API_FILTERS)
def test_domain_api_filters_answer_400_for_odd_numbers(admin, template):
    for value in VALUES:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 400, (template, value, response.status_code)
        field = template.split("?")[1].split("=")[0]
        assert field in response.json(), response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("template", DOMAIN_API_LOOKUPS)
def test_domain_api_lookups_answer_404_for_odd_ids(admin, template):
    for value in [*VALUES, "0"]:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 404, (template, value, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("template", DOMAIN_CONSOLE_PAGES)
def test_domain_console_filters_ignore_odd_numbers(admin, template):
    for value in VALUES:
        response = admin.get(template.format(v=quote(value)))
        assert response.status_code == 200, (template, value, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("template", DOMAIN_CONSOLE_LOOKUPS)
def test_domain_console_lookups_answer_404_for_huge_ids(admin, template):
    for value in HUGE:
        response = admin.get(template.format(v=value))
        assert response.status_code == 404, (template, value, response.status_code)


@pytest.mark.django_db
def test_domain_api_bodies_answer_400_naming_the_field(admin, world):
    # The id an endpoint checks the permission on is read first: when it is not an id, it answers alone.
    body = {"member": "²", "to_unit": "٣", "reason": "调动"}
    response = admin.post("/api/v1/transfers/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"member": [str(INVALID_ID_MESSAGE)]}
    response = admin.post(
        "/api/v1/finance/payments/",
        {"ledger": str(BIGINT_MAX + 1), "idempotency_key": "k", "purpose": "p", "amount": "1.00"}
        | {"expense_account": "+1", "payee_name": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"ledger": [str(INVALID_ID_MESSAGE)]}
    response = admin.post("/api/v1/join-applications/1/assign-approve/", {"unit": "٣"}, content_type="application/json")
    assert response.status_code == 404  # no such application: its id comes first


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=25))
def test_domain_api_filter_of_any_text_is_a_400_or_an_id(admin, raw):
    """Any text as ``ledger`` / ``unit``: 400 exactly when it is not an id, else the id's answer (none exists)."""
    for template, found in [("/api/v1/finance/payments/?ledger={v}", 404), ("/api/v1/members/?unit={v}", 200)]:
        response = admin.get(template.format(v=quote(raw)))
        if not raw:
            expected = 200  # no filter
        else:
            expected = 400 if int_param(raw, min_value=1) is None else found
        assert response.status_code == expected, (template, raw, response.status_code)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03", date(2026, 3, 1)),
        ("2026-03-15", date(2026, 3, 1)),
        (" 2026-12 ", date(2026, 12, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("0000-01", None),
        ("２０２６-03", None),
        ("2026-0²", None),
        ("", None),
        (None, None),
        ("2026-03-15T00:00", None),
    ],
)
def test_month_param_answers_a_first_day_or_nothing(raw, expected):
    assert month_param(raw) == expected


@given(st.text(max_size=12))
def test_month_param_never_raises(raw):
    value = month_param(raw)
    assert value is None or (value.day == 1 and raw.strip()[:7] == f"{value:%Y-%m}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/console/members/", "/console/members/"),
        ("²", "/home/"),
        ("grant_list", "/home/"),
        ("//evil.example/", "/home/"),
        ("https://evil.example/", "/home/"),
        ("/a\x00b", "/home/"),
        ("", "/home/"),
    ],
)
def test_next_url_follows_only_paths_on_this_site(rf, value, expected):
    from gonghui.common.params import next_url

    assert next_url(rf.post("/x/", {"next": value}), "/home/") == expected
