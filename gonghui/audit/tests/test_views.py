"""Console pages of the audit log: the HTTP matrix, scope, filters, and a pinned query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.audit.permissions import VIEW_EVENTS
from gonghui.audit.services import audit_record
from gonghui.authz.testing import ALLOWED, CANARY, http_matrix, login
from gonghui.orgs.permissions import MANAGE_UNIT
from gonghui.orgs.services import unit_update

WITH_SIBLING = (*ALLOWED, "sibling")
RENAME_ROW = 'mono">orgs.unit_rename<'  # the action code shown in a table row (the filter's datalist has it too)


@pytest.fixture
def target_event(world):
    """An event on the target, written through a service by staff of the world."""
    actor = world.actor("ancestor", MANAGE_UNIT)
    unit_update(actor=actor, unit=world.target, short_name=f"简称{CANARY}")
    return AuditEvent.objects.latest("id")


def client_for(world, who="ancestor"):
    return login(Client(), world.actor(who, VIEW_EVENTS))


def test_event_list_matrix(world, target_event):
    responses = http_matrix(world, VIEW_EVENTS, "get", reverse("audit:event_list"), allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["same_with"].content.decode()


def test_event_detail_matrix(world, target_event):
    responses = http_matrix(world, VIEW_EVENTS, "get", reverse("audit:event_detail", args=[target_event.pk]))
    page = responses["ancestor"].content.decode()
    assert target_event.hash in page
    assert target_event.prev_hash in page
    assert "组织更名" in page
    assert "简称" in page


def test_platform_events_are_only_for_root_holders(world, target_event):
    with transaction.atomic():
        platform = audit_record(actor=None, action="authz.role_sync", target_type="authz.role", target_id="1")
    url = reverse("audit:event_detail", args=[platform.pk])
    assert client_for(world, "ancestor").get(url).status_code == 200
    assert client_for(world, "same_with").get(url).status_code == 404


def test_event_list_filters_and_labels(world, target_event):
    client = client_for(world)
    url = reverse("audit:event_list")
    page = client.get(url).content.decode()
    assert "组织更名" in page
    assert RENAME_ROW in page

    def rows(query: str) -> int:
        return client.get(url + query).content.decode().count(RENAME_ROW)

    assert rows("?action=orgs.") == 1
    assert rows("?action=orgs.unit_rename") == 1
    assert rows("?action=authz.") == 0
    assert rows(f"?unit={world.target.pk}") == 1
    assert rows(f"?unit={world.sibling.pk}") == 0
    assert rows("?target_type=orgs.orgunit") == 1
    assert rows("?actor=anc") == 1
    assert rows("?actor=nobody") == 0
    today = target_event.at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert rows(f"?since={today}&until={today}") == 1
    assert rows(f"?since={today + dt.timedelta(days=1)}") == 0
    response = client.get(url + "?since=2026-02-01&until=2026-01-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_event_list_sorts_by_time(world):
    actor = world.actor("ancestor", MANAGE_UNIT)
    unit_update(actor=actor, unit=world.target, short_name="第一")
    unit_update(actor=actor, unit=world.target, short_name="第二")
    first, second = (reverse("audit:event_detail", args=[e.pk]) for e in AuditEvent.objects.order_by("id"))
    client = client_for(world)
    newest_first = client.get(reverse("audit:event_list")).content.decode()
    assert newest_first.index(second) < newest_first.index(first)
    oldest_first = client.get(reverse("audit:event_list") + "?sort=at").content.decode()
    assert oldest_first.index(first) < oldest_first.index(second)


def test_event_list_query_count(world, django_assert_max_num_queries):
    actor = world.actor("ancestor", MANAGE_UNIT)
    for i in range(30):
        unit_update(actor=actor, unit=world.child if i % 2 else world.target, short_name=f"简称{i}")
    client = client_for(world)
    client.get(reverse("audit:event_list"))
    with django_assert_max_num_queries(9):
        response = client.get(reverse("audit:event_list") + "?per_page=50")
    assert response.content.decode().count(RENAME_ROW) == 30


def test_the_unit_filter_is_a_search_by_name_with_the_parent_shown(world):
    """Issue 13: no numeric "组织编号" filter; staff type a unit's name, several matches are offered with their
    parents, a match outside the actor's scope never is."""
    actor = world.actor("ancestor", MANAGE_UNIT)
    unit_update(actor=actor, unit=world.child, short_name="基层简称")
    unit_update(actor=actor, unit=world.sibling, short_name="兄弟简称")
    staff = world.staff("auditor", world.target, [VIEW_EVENTS])
    client = login(Client(), staff)
    body = client.get(reverse("audit:event_list")).content.decode()
    assert "组织编号" not in body
    assert 'name="unit_q"' in body

    body = client.get(reverse("audit:event_list"), {"unit_q": "矩阵基层"}).content.decode()
    assert "orgs.unit_update" in body or "基层简称" in body
    assert "兄弟简称" not in body

    body = client.get(reverse("audit:event_list"), {"unit_q": "矩阵"}).content.decode()
    offered = body.split('id="unit-matches"')[1].split("</p>")[0]
    assert f"矩阵基层工会{CANARY} · " in offered  # the parent shown
    assert "矩阵兄弟区总工会" not in offered  # outside the scope
