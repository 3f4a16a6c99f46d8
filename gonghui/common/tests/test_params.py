"""``common.params``: one parser of ids and counts from requests (security finding 3: 500s from ``unit=²`` and
from numbers beyond the database's range)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import serializers

from gonghui.authz.testing import login
from gonghui.common.params import BIGINT_MAX, INVALID_ID_MESSAGE, IntParamField, IntParamFormField, int_param

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
