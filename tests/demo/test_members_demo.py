"""The members demo: the roster seeds once, idempotently, and links the demo worker's portal account; the
online-join demo routes a rider and leaves a courier for a clerk to place."""

from __future__ import annotations

import pytest

from gonghui.authz.testing import CANARY
from gonghui.demo.seed import world
from gonghui.members.joining import selectors
from gonghui.members.models import GigRoute, GigType, JoinApplication, JoinStatus, Member
from gonghui.members.roster import demo as demo_roster
from gonghui.members.roster.selectors import my_membership
from gonghui.review.selectors import case_queue

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo"), pytest.mark.usefixtures("demo")]


def test_demo_roster_is_idempotent_and_links_the_worker():
    messages: list[str] = []
    demo_roster.seed(world(messages.append))
    count = Member.objects.count()
    assert count >= 100
    demo_roster.seed(world(messages.append))
    assert Member.objects.count() == count
    worker = Member.objects.get(phone=demo_roster.DEMO_WORKER_PHONE)
    assert worker.name == "王兰芳"
    assert worker.unit.name == demo_roster.XIHU_UNION
    if worker.user is not None:
        assert my_membership(actor=worker.user) == worker
    assert Member.objects.exclude(gig_type="").exists()


def test_demo_seed_routes_the_rider_to_the_joint_union_and_leaves_a_courier_unassigned():
    from gonghui.members.joining import demo as demo_joining

    demo_joining.seed(world())
    demo_joining.seed(world())
    application = JoinApplication.objects.get(applicant__phone=demo_joining.GIG_WORKER_PHONE)
    assert application.status == JoinStatus.SUBMITTED
    assert application.target_unit.name == demo_joining.XIHU_JOINT_UNION, "fallback: the county's joint union"
    assert application.member_unit == application.target_unit
    assert application.gig_route is None
    from gonghui.accounts.models import User

    hz = User.objects.get(username="hz_staff")
    assert application.review_case in list(case_queue(actor=hz))
    assert CANARY not in application.name

    unrouted = JoinApplication.objects.get(applicant__phone=demo_joining.UNROUTED_PHONE)
    assert unrouted.target_unit.name == "滨江区总工会"
    assert unrouted.member_unit is None
    assert selectors.needs_assignment(actor=hz, application=unrouted)
    assert GigRoute.objects.filter(region_code="330106", gig_type=GigType.COURIER, is_active=True).count() == 1
