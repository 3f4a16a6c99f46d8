"""JSON API of hardship assistance: the HTTP matrix on every endpoint, masked names and hidden household figures,
the decision's trace, the support payment's status read from finance, statistics, pinned query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.assistance.applications.tests.factories import journey
from gonghui.assistance.households import services as files
from gonghui.assistance.households.services import SupportInput
from gonghui.assistance.models import HardshipApplication, HouseholdFile
from gonghui.assistance.permissions import VIEW_HARDSHIP
from gonghui.authz.testing import ALLOWED, http_matrix, login
from gonghui.finance.models import PaymentRequest
from gonghui.finance.tests.factories import books

pytestmark = pytest.mark.django_db

WITH_SIBLING = (*ALLOWED, "sibling")
API = "/api/v1/assistance/hardship/"


@pytest.fixture
def approved(world):
    """An approved application with its file and a paid-for support item, in the matrix's target subtree."""
    j = journey(world)
    application = j.approved()
    books(world.child)
    file = HouseholdFile.objects.get(application=application)
    item = files.support_plan(
        actor=j.clerk, file=file, item=SupportInput(kind="living", period="2026-03", amount="800.00")
    )
    item = files.support_pay(actor=j.clerk, item=item, bank_account="6222021202004567891")
    assert item.payment_id is not None
    return j, application, file, item


def test_application_list_matrix_and_masking(world, approved):
    j, application, _file, _item = approved
    responses = http_matrix(world, VIEW_HARDSHIP, "get", f"{API}applications/", allowed=WITH_SIBLING)
    assert responses["sibling"].json()["count"] == 0
    [row] = responses["ancestor"].json()["results"]
    assert row["id"] == application.pk
    assert row["status"] == "approved"
    assert row["category"] == "deep"
    assert row["member_name"] != j.member.name
    assert row["member_name"].startswith(j.member.name[0])
    assert j.member.name not in responses["ancestor"].content.decode()


def test_application_detail_hides_the_household_figures(world, approved):
    j, application, _file, _item = approved
    responses = http_matrix(world, VIEW_HARDSHIP, "get", f"{API}applications/{application.pk}/")
    data = responses["same_with"].json()
    text = responses["same_with"].content.decode()
    assert [s["state"] for s in data["steps"]] == ["done"] * 4
    assert {g["purpose"] for g in data["documents"] if g["required"]} == {"income", "medical"}
    assert all(g["files"] for g in data["documents"] if g["required"])
    roles = {line["role"] for line in data["trace"]}
    assert {"given", "rule", "result"} <= roles
    assert all(line["value"] == "***" for line in data["trace"] if line["role"] in ("given", "step"))
    assert any(line["value"] == "深度困难" for line in data["trace"] if line["role"] == "result")
    rules = [line for line in data["trace"] if line["role"] == "rule"]
    assert rules
    assert all(line["value"] not in ("", "***") for line in rules)
    assert data["policy_record_ids"] == application.policy_record_ids
    # No ID number, health note or income figure leaves the API.
    for secret in ("慢性肾病", "1,800.00", "1800.00", "王兰芳"):
        assert secret not in text
    assert not {"per_capita", "people", "incomes"} & set(data)


def test_decisions_list_only_decided_applications(world, approved):
    j, application, _file, _item = approved
    open_one = journey(world, phone="13800000077").draft()
    responses = http_matrix(world, VIEW_HARDSHIP, "get", f"{API}decisions/", allowed=WITH_SIBLING)
    assert responses["sibling"].json()["count"] == 0
    [row] = responses["same_with"].json()["results"]
    assert row["id"] == application.pk != open_one.pk
    assert row["outcome"] == "approved"
    assert row["trace"][-1]["role"] == "result"
    reader = login(Client(), world.actor("same_with", VIEW_HARDSHIP))
    assert reader.get(f"{API}decisions/?outcome=rejected").json()["count"] == 0
    assert reader.get(f"{API}decisions/?outcome=bogus").status_code == 400


def test_file_detail_reads_the_payment_status_from_finance(world, approved):
    _j, _application, file, item = approved
    http_matrix(world, VIEW_HARDSHIP, "get", f"{API}files/", allowed=WITH_SIBLING)
    responses = http_matrix(world, VIEW_HARDSHIP, "get", f"{API}files/{file.pk}/")
    [support] = responses["ancestor"].json()["support"]
    assert support["id"] == item.pk
    assert support["payment_status"] == "requested"
    assert support["source_display"] == f"困难帮扶 · 帮扶项目 {item.pk}"
    PaymentRequest.objects.filter(pk=item.payment_id).update(status="approved")
    reader = login(Client(), world.actor("ancestor", VIEW_HARDSHIP))
    [support] = reader.get(f"{API}files/{file.pk}/").json()["support"]
    assert support["payment_status"] == "approved"


def test_stats_count_the_subtree(world, approved):
    responses = http_matrix(world, VIEW_HARDSHIP, "get", f"{API}stats/", allowed=WITH_SIBLING)
    assert responses["sibling"].json()["files_open"] == 0
    data = responses["ancestor"].json()
    assert data["files_open"] == 1
    assert data["requested_total"] == "800.00"
    assert data["paid_total"] == "0.00"
    reader = login(Client(), world.actor("ancestor", VIEW_HARDSHIP))
    assert reader.get(f"{API}stats/?unit={world.sibling.pk}").json()["files_open"] == 0
    assert reader.get(f"{API}stats/?unit=999999").status_code == 404
    outsider = login(Client(), world.actor("sibling", VIEW_HARDSHIP))
    assert outsider.get(f"{API}stats/?unit={world.target.pk}").status_code == 404


def test_list_endpoints_pin_their_query_counts(world, django_assert_max_num_queries):
    for n in range(4):
        j = journey(world, phone=f"1380000010{n}")
        j.approved()
    assert HardshipApplication.objects.count() == 4
    reader = login(Client(), world.actor("ancestor", VIEW_HARDSHIP))
    for url in ("applications/", "decisions/", "files/"):
        reader.get(f"{API}{url}")
    with django_assert_max_num_queries(7):
        assert reader.get(f"{API}applications/").json()["count"] == 4
    with django_assert_max_num_queries(7):
        assert reader.get(f"{API}decisions/").json()["count"] == 4
    with django_assert_max_num_queries(7):
        assert reader.get(f"{API}files/").json()["count"] == 4
