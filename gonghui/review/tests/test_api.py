from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.permissions import ACT_CASE, VIEW_CASE
from gonghui.review.tests.factories import cast_of, fresh, make_process, submit

pytestmark = pytest.mark.django_db

READERS = ("sibling", "same_with", "ancestor")


def _county_case(world):
    people = cast_of(world)
    process = make_process("api.review", [("县级审核", "county"), ("市级审核", "city")])
    return submit(people.clerk, process, world.child), people


def test_cases_list_matrix(world):
    case, _people = _county_case(world)
    responses = http_matrix(world, VIEW_CASE, "get", reverse("v1:review-case-list"), allowed=READERS)
    assert responses["sibling"].json()["count"] == 0
    data = responses["ancestor"].json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == case.pk
    assert row["process"] == "api.review"
    assert row["status"] == "in_review"
    assert row["current_unit"] == {"id": world.target.pk, "name": world.target.name}
    assert row["version"] == 1


def test_cases_list_filters(world):
    case, people = _county_case(world)
    client = login(Client(), people.city)
    url = reverse("v1:review-case-list")
    assert client.get(url + "?status=in_review&process=api.review").json()["count"] == 1
    assert client.get(url + "?status=approved").json()["count"] == 0
    assert client.get(url + f"?q={CANARY}").json()["count"] == 1
    assert client.get(url + "?overdue=true").json()["count"] == 0


def test_cases_list_query_count_is_pinned(world, django_assert_max_num_queries):
    case, people = _county_case(world)
    process = case.process
    for i in range(30):
        submit(people.clerk, process, world.child, title=f"申请{i}")
    client = login(Client(), people.city)
    url = reverse("v1:review-case-list")
    client.get(url)
    # session, user, TOTP device, grants, count, page (with process, units and steps joined)
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.json()["count"] == 31


def test_case_detail_matrix(world):
    case, _people = _county_case(world)
    responses = http_matrix(world, VIEW_CASE, "get", reverse("v1:review-case-detail", kwargs={"case_id": case.pk}))
    data = responses["ancestor"].json()
    assert [e["action"] for e in data["events"]] == ["submit"]
    assert data["objections"] == []


def test_case_act_matrix(world):
    case, _people = _county_case(world)
    http_matrix(
        world,
        ACT_CASE,
        "post",
        reverse("v1:review-case-act", kwargs={"case_id": case.pk}),
        data=lambda w: {"action": "approve", "comment": "同意", "expected_version": fresh(case).version},
        json=True,
        state=lambda w: (ReviewCase.objects.get(pk=case.pk).status, ReviewCase.objects.get(pk=case.pk).version),
    )


def test_case_act_answers_409_when_stale_and_400_when_invalid(world):
    case, people = _county_case(world)
    client = login(Client(), people.county)
    url = reverse("v1:review-case-act", kwargs={"case_id": case.pk})
    ok = client.post(url, {"action": "approve", "expected_version": 1}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["current_step"]["name"] == "市级审核"
    stale = client.post(url, {"action": "approve", "expected_version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["non_field_errors"] == ["该事项已被处理，请刷新页面。"]
    bad = client.post(url, {"action": "reject", "expected_version": 2}, content_type="application/json")
    assert bad.status_code in (400, 403)
    city = login(Client(), people.city)
    bad = city.post(url, {"action": "reject", "expected_version": 2}, content_type="application/json")
    assert bad.status_code == 400
    assert "comment" in bad.json()
    assert city.post(url, {"action": "fly", "expected_version": 2}, content_type="application/json").status_code == 400
    assert fresh(case).status == CaseStatus.IN_REVIEW


def test_processes_matrix(world):
    process = make_process("api.listed", [("基层审核", "subject"), ("公示", "city", "publicity")])
    responses = http_matrix(world, VIEW_CASE, "get", reverse("v1:review-process-list"), allowed=READERS)
    codes = [p["code"] for p in responses["ancestor"].json()["results"]]
    assert "api.listed" in codes
    responses = http_matrix(
        world,
        VIEW_CASE,
        "get",
        reverse("v1:review-process-detail", kwargs={"process_id": process.pk}),
        allowed=READERS,
    )
    steps = responses["ancestor"].json()["steps"]
    assert [(s["order"], s["level"], s["kind"]) for s in steps] == [(1, "subject", "review"), (2, "city", "publicity")]
