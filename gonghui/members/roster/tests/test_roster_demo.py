"""The demo roster seeds once, idempotently, and links the demo worker's portal account."""

from __future__ import annotations

import pytest

from gonghui.demo.seed import seed_demo
from gonghui.members.models import Member
from gonghui.members.roster import demo as demo_roster
from gonghui.members.roster.selectors import my_membership

pytestmark = pytest.mark.django_db


def test_demo_roster_is_idempotent_and_links_the_worker():
    seed_demo()
    messages: list[str] = []
    demo_roster.seed(messages.append)
    count = Member.objects.count()
    assert count >= 100
    demo_roster.seed(messages.append)
    assert Member.objects.count() == count
    worker = Member.objects.get(phone=demo_roster.DEMO_WORKER_PHONE)
    assert worker.name == "王兰芳"
    assert worker.unit.name == demo_roster.XIHU_UNION
    if worker.user is not None:
        assert my_membership(actor=worker.user) == worker
    assert Member.objects.exclude(gig_type="").exists()
