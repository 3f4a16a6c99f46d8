"""Suggestion pages and API: the authorization matrix of the console pages, the worker's portal pages (their own
only), a double submission of the filing form, the export (masked, audited), the list's pinned query count, the
API (list, read, create by the member, a retry answered 200) and the panel."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.permissions import HANDLE_SUGGESTIONS, VIEW_CONGRESS
from gonghui.congress.suggestions import panels
from gonghui.congress.suggestions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_console_pages_matrix(world):
    suggestion = f.filed(world)
    http_matrix(world, VIEW_CONGRESS, "get", reverse("congress:suggestion_detail", args=[suggestion.pk]))
    http_matrix(
        world,
        HANDLE_SUGGESTIONS,
        "post",
        reverse("congress:suggestion_detail", args=[suggestion.pk]),
        data={"action": "adopt", "comment": "可行"},
        state=lambda w: Suggestion.objects.get(pk=suggestion.pk).status,
    )
    for name in ("suggestion_list", "suggestion_ranking"):
        url = reverse(f"congress:{name}")
        assert login(Client(), world.member).get(url).status_code in (302, 403)
        assert CANARY not in login(Client(), world.actor("sibling", VIEW_CONGRESS)).get(url).content.decode()
        assert login(Client(), world.actor("ancestor", VIEW_CONGRESS)).get(url).status_code == 200
    listing = login(Client(), world.actor("same_with", VIEW_CONGRESS)).get(reverse("congress:suggestion_list"))
    assert CANARY in listing.content.decode()


def test_reward_through_the_page(world):
    staff = f.handler(world)
    suggestion = f.implemented(world, staff)
    client = login(Client(), staff)
    url = reverse("congress:suggestion_detail", args=[suggestion.pk])
    client.post(url, {"action": "reward", "amount": "9999.00"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.IMPLEMENTED
    client.post(url, {"action": "reward", "amount": "600.00"})
    client.post(url, {"action": "reward", "amount": "600.00"})  # a double click
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REWARDED
    from gonghui.finance.models import PaymentRequest

    assert PaymentRequest.objects.filter(source=suggestion.source).count() == 1
    assert "600.00" in client.get(url).content.decode()


def test_portal_filing_twice_files_once_and_pages_are_the_workers_own(world):
    who = f.member(world)
    client = login(Client(), f.u(who))
    page = client.get(reverse("congress_portal:suggestion_new")).content.decode()
    assert 'name="request_key"' in page
    data = {
        "title": "装配线增设防错工装",
        "body": "现状：漏装。建议：加防错工装。",
        "category": "质量提升",
        "request_key": "k" * 32,
    }
    first = client.post(reverse("congress_portal:suggestion_new"), data)
    second = client.post(reverse("congress_portal:suggestion_new"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Suggestion.objects.filter(member=who).count() == 1
    suggestion = Suggestion.objects.get(member=who)
    detail = client.get(reverse("congress_portal:suggestion_detail", args=[suggestion.pk]))
    assert "装配线增设防错工装" in detail.content.decode()
    other = f.member(world)
    assert (
        login(Client(), f.u(other)).get(reverse("congress_portal:suggestion_detail", args=[suggestion.pk])).status_code
        == 404
    )
    mine = login(Client(), f.u(other)).get(reverse("congress_portal:suggestion_mine")).content.decode()
    assert "装配线增设防错工装" not in mine
    client.post(reverse("congress_portal:suggestion_detail", args=[suggestion.pk]), {"action": "withdraw"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.WITHDRAWN


def test_export_is_masked_and_audited(world):
    suggestion = f.filed(world)
    actor = world.actor("same_with", VIEW_CONGRESS)
    response = login(Client(), actor).get(reverse("congress:suggestion_export"))
    event = AuditEvent.objects.get(action="congress.suggestion_export")
    assert event.actor_id == actor.pk
    assert event.data["rows"] == 1
    text = " ".join(str(c.value) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row)
    assert suggestion.number in text
    assert suggestion.member.name not in text


def test_list_query_count_is_pinned(world, django_assert_max_num_queries):
    for _ in range(3):
        f.filed(world)
    client = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    client.get(reverse("congress:suggestion_list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:suggestion_list")).status_code == 200
    for _ in range(3):
        f.filed(world)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("congress:suggestion_list")).status_code == 200


def test_api(world, django_assert_max_num_queries):
    suggestion = f.filed(world)
    who = f.member(world)
    client = login(Client(), f.u(who))
    body = {
        "title": "食堂错峰就餐",
        "body": "现状：排队长。建议：分批就餐。",
        "category": "职工生活",
        "request_key": "retry-key-0001",
    }
    first = client.post("/api/v1/congress/suggestions/", body, content_type="application/json")
    again = client.post("/api/v1/congress/suggestions/", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    mine = client.get("/api/v1/congress/suggestions/").json()["results"]
    assert [r["id"] for r in mine] == [first.json()["id"]]
    assert client.get(f"/api/v1/congress/suggestions/{suggestion.pk}/").status_code == 404
    bad = client.post(
        "/api/v1/congress/suggestions/", {"title": "", "body": "", "category": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
    staff = login(Client(), world.actor("ancestor", VIEW_CONGRESS))
    with django_assert_max_num_queries(12):
        rows = staff.get("/api/v1/congress/suggestions/").json()["results"]
    assert {r["id"] for r in rows} == {suggestion.pk, first.json()["id"]}
    assert CANARY not in "".join(r["member_name"] for r in rows)
    sibling = login(Client(), world.actor("sibling", VIEW_CONGRESS))
    assert sibling.get(f"/api/v1/congress/suggestions/{suggestion.pk}/").status_code == 404
    assert sibling.post("/api/v1/congress/suggestions/", body, content_type="application/json").status_code == 403


def test_panel(world):
    staff = f.handler(world)
    f.filed(world)
    f.implemented(world, staff)
    counts = [w.count for w in panels.waiting(staff)]
    assert counts == [1, 1]
    assert panels.waiting(world.member) == []
