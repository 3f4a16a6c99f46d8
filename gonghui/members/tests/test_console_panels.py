"""The console home as a workbench (issue 13): each module's panel counts what waits for the signed-in staff
member, in their scope only, with the oldest and the overdue, linking to the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from gonghui.authz.testing import login
from gonghui.console.panels import waiting_for
from gonghui.members.joining.tests.sweep import apply_to
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.review.models import ReviewCase
from gonghui.review.permissions import VIEW_CASE

pytestmark = pytest.mark.django_db


def _items(actor):
    with translation.override("zh-hans"):  # labels are compared in the source language
        return {str(item.label): item for panel in waiting_for(actor) for item in panel.items}


def test_join_applications_wait_for_the_union_that_decides_them(world):
    apply_to(world)
    apply_to(world)
    reviewer = world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    items = _items(reviewer)
    assert items["入会申请待审核"].count == 2
    assert items["入会申请待审核"].url == "/console/members/join/?status=submitted"
    assert items["待我审核的事项"].count == 2
    assert items["待我审核的事项"].overdue == 0
    sibling = world.staff("sib", world.sibling, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    assert _items(sibling) == {}
    viewer = world.staff("view", world.child, [VIEW_MEMBER])  # may look, may not decide
    assert _items(viewer) == {}


@pytest.mark.parametrize(("days_late", "overdue"), [(-1, 0), (0, 0), (1, 1), (30, 1)])
def test_overdue_is_past_the_step_deadline(world, days_late, overdue):
    application = apply_to(world)
    today = dt.date.today()
    ReviewCase.objects.filter(pk=application.review_case_id or 0).update(
        due_on=today - dt.timedelta(days=days_late), step_started_on=today - dt.timedelta(days=40)
    )
    reviewer = world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    queue = _items(reviewer)["待我审核的事项"]
    assert queue.overdue == overdue
    assert queue.waited_days == 40


def test_the_home_shows_the_workbench_with_links_to_the_queues(world, django_assert_max_num_queries):
    apply_to(world)
    reviewer = world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    client = login(Client(), reviewer)
    with django_assert_max_num_queries(30):
        body = client.get("/console/").content.decode()
    assert 'id="workbench"' in body
    assert 'href="/console/members/join/?status=submitted"' in body
    assert 'href="/console/review/"' in body
    assert "quick-links" not in body


def test_nothing_waiting_says_so(world):
    staff = world.staff("idle", world.child, [VIEW_MEMBER])
    body = login(Client(), staff).get("/console/").content.decode()
    assert "目前没有等待您办理的事项" in body
