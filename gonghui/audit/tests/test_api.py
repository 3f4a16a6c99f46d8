"""JSON API of the audit log: the HTTP matrix, filters, ordering and a pinned query count."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.audit.models import AuditEvent
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.orgs.permissions import MANAGE_UNIT
from gonghui.orgs.services import unit_update

WITH_SIBLING = (*ALLOWED, "sibling")
EVENTS = "/api/v1/audit-events/"


@pytest.fixture
def target_event(world):
    unit_update(actor=world.actor("ancestor", MANAGE_UNIT), unit=world.target, short_name=f"简称{CANARY}")
    return AuditEvent.objects.latest("id")


def api(world, who="ancestor"):
    return login(Client(), world.actor(who, VIEW_EVENTS))


def test_event_list_matrix(world, target_event):
    responses = http_matrix(world, VIEW_EVENTS, "get", EVENTS, allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert responses["sibling"].json()["count"] == 0
    [event] = responses["same_with"].json()["results"]
    assert event["action_label"] == "组织更名"
    assert event["unit"] == world.target.pk


def test_event_retrieve_matrix(world, target_event):
    responses = http_matrix(world, VIEW_EVENTS, "get", f"{EVENTS}{target_event.pk}/")
    body = responses["ancestor"].json()
    assert body["hash"] == target_event.hash
    assert body["prev_hash"] == target_event.prev_hash
    assert body["changes"] == {"short_name": ["", f"简称{CANARY}"]}


def test_event_list_filters_and_ordering(world, target_event):
    unit_update(actor=world.actor("ancestor", MANAGE_UNIT), unit=world.child, name="改名基层工会")
    client = api(world)
    ids = lambda query: [e["id"] for e in client.get(EVENTS + query).json()["results"]]  # noqa: E731
    newest, oldest = ids("")[:2]
    assert newest > oldest
    assert ids("?ordering=at")[:2] == [oldest, newest]
    assert ids(f"?unit={world.child.pk}") == [newest]
    assert ids(f"?target_type=orgs.orgunit&target_id={world.target.pk}") == [oldest]
    assert ids("?action=authz.") == []
    assert ids("?actor=nobody") == []
    assert client.get(EVENTS + "?since=yesterday").status_code == 400
    assert client.get(EVENTS + "?ordering=sideways").status_code == 400


def test_events_are_read_only(world, target_event):
    client = api(world)
    assert client.post(EVENTS, {}, content_type="application/json").status_code == 405
    assert client.delete(f"{EVENTS}{target_event.pk}/").status_code == 405


def test_event_list_query_count(world, django_assert_max_num_queries):
    actor = world.actor("ancestor", MANAGE_UNIT)
    for i in range(30):
        unit_update(actor=actor, unit=world.child if i % 2 else world.target, short_name=f"简称{i}")
    client = api(world)
    with django_assert_max_num_queries(7):
        response = client.get(EVENTS)
    assert response.json()["count"] == 30
    assert {e["unit_name"] for e in response.json()["results"]} == {world.child.name, world.target.name}
