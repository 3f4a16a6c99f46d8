"""The daily inactivity job flags quiet members; a clerk finds them from the roster, reviews and clears a flag.
Nothing changes a member's status silently."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import CANARY, login
from gonghui.members.joining.tests.sweep import canary_member
from gonghui.members.models import Member, MemberEvent, MemberEventKind, MemberStatus
from gonghui.members.permissions import MANAGE_MEMBER, VIEW_MEMBER
from gonghui.members.roster.tasks import flag_inactive_members
from gonghui.members.schedule import SCHEDULE

pytestmark = pytest.mark.django_db


def test_the_inactivity_job_is_scheduled_daily():
    [job] = [e for e in SCHEDULE if e.name == "members.flag_inactive"]
    assert job.task is flag_inactive_members
    assert job.interval == dt.timedelta(days=1)


def test_flagged_member_is_reviewed_from_the_roster_and_cleared(world, django_assert_max_num_queries):
    on = dt.date.today() + dt.timedelta(days=400)  # rows written now are older than the period by then
    quiet = canary_member(world, joined_on=dt.date(2020, 1, 1))
    busy = canary_member(world, joined_on=dt.date(2020, 1, 1), name="活跃会员")
    MemberEvent.objects.create(member=busy, kind="updated", unit=world.child, on=on - dt.timedelta(days=3))
    assert flag_inactive_members.call(on=on.isoformat()) == 1

    clerk = login(Client(), world.staff("clerk", world.target, [VIEW_MEMBER, MANAGE_MEMBER]))
    roster = clerk.get(reverse("members:list")).content.decode()
    assert reverse("members:flags") in roster, "the flags page is reachable from the roster"
    with django_assert_max_num_queries(10):
        flags = clerk.get(reverse("members:flags"))
    body = flags.content.decode()
    assert quiet.name in body
    assert "活跃会员" not in body
    assert reverse("members:unflag", args=[quiet.pk]) in body
    detail = clerk.get(reverse("members:detail", args=[quiet.pk])).content.decode()
    assert "疑似失联" in detail

    response = clerk.post(reverse("members:unflag", args=[quiet.pk]), {"note": "已电话联系，仍在职"})
    assert response.status_code == 302
    quiet.refresh_from_db()
    assert quiet.inactive_flagged_on is None
    assert quiet.status == MemberStatus.ACTIVE
    assert MemberEvent.objects.filter(member=quiet, kind=MemberEventKind.UNFLAGGED).exists()
    after = clerk.get(reverse("members:flags")).content.decode()
    assert reverse("members:detail", args=[quiet.pk]) not in after
    assert "没有疑似失联的会员" in after

    # A sibling district's clerk never sees our flagged members.
    Member.objects.filter(pk=quiet.pk).update(inactive_flagged_on=on)
    sibling = login(Client(), world.actor("sibling", VIEW_MEMBER))
    assert CANARY not in sibling.get(reverse("members:flags")).content.decode()
