"""The relief API: scoped by ``assistance.view_relief``, names masked, no health data, the trace included; the
statistics endpoint; query counts pinned."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.assistance.permissions import VIEW_RELIEF
from gonghui.assistance.relief import services
from gonghui.assistance.relief.tests import kit
from gonghui.authz.testing import CANARY, http_matrix, login

pytestmark = pytest.mark.django_db

LIST = "/api/v1/assistance/relief-claims/"


def _approved(world):
    people = kit.reviewers(world)
    who = kit.member(world)
    return kit.approve_all(
        people, services.relief_claim_submit(actor=kit.u(who), claim=kit.draft(kit.u(who), who, "40000"))
    )


def test_detail_matrix_masks_and_explains(world):
    claim = _approved(world)
    responses = http_matrix(world, VIEW_RELIEF, "get", f"{LIST}{claim.pk}/")
    body = responses["same_with"].json()
    assert body["amount"] == "7000.00"
    assert CANARY not in body["member_name"]
    assert "*" in body["member_name"]
    assert body["trace"]["lines"][-1]["value"] == "7000.00"
    text = responses["same_with"].content.decode()
    assert "白血病" not in text
    assert "医院" not in text


def test_list_is_scoped_and_pinned(world, django_assert_max_num_queries):
    _approved(world)
    sibling = login(Client(), world.actor("sibling", VIEW_RELIEF)).get(LIST)
    assert sibling.status_code == 200
    assert sibling.json()["count"] == 0 if "count" in sibling.json() else sibling.json() == []
    client = login(Client(), world.actor("ancestor", VIEW_RELIEF))
    client.get(LIST)
    with django_assert_max_num_queries(12):
        response = client.get(f"{LIST}?year={kit.today().year}")
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert len(rows) == 1


def test_stats_endpoint(world):
    _approved(world)
    client = login(Client(), world.actor("ancestor", VIEW_RELIEF))
    data = client.get(f"/api/v1/assistance/relief-stats/?year={kit.today().year}").json()
    assert data["total"] == "7000.00"
    assert [b["amount"] for b in data["bands"]] == ["4000.00", "3000.00", "0.00"]
    assert login(Client(), world.member).get("/api/v1/assistance/relief-stats/").status_code == 403
