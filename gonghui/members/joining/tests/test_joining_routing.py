"""Gig workers without a route: the county's joint union (联合工会), else the county federation's queue where a clerk
chooses the union on approval. Approval enrols through the roster's one path (``services.member_enrol``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.joining import selectors
from gonghui.members.joining.routes import county_joint_union, gig_route_for
from gonghui.members.joining.services import assignable_units, join_apply, join_approve_assign
from gonghui.members.joining.tests.sweep import CANARY_NAME, apply_to, next_n, worker
from gonghui.members.models import GigType, JoinApplication, JoinStatus, Member, MemberEvent, MemberStatus
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.orgs.models import OrgUnit, UnitKind
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db


def reviewer(world, unit=None):
    return world.staff("rev", unit or world.target, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])


def add_unit(parent, name, kind=UnitKind.JOINT, region="330106"):
    return OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=parent.pk), instance=OrgUnit(name=name, kind=kind, region_code=region)
    )


def gig_apply(applicant=None, region="330106", **kwargs):
    return join_apply(
        actor=applicant or worker(),
        name=kwargs.pop("name", CANARY_NAME),
        id_type="resident",
        id_number=kwargs.pop("id_number", None) or resident_id(next_n()),
        gig_type=GigType.RIDER,
        gig_platform="美团",
        work_region=region,
        **kwargs,
    )


def approve(actor, application, comment=""):
    case = ReviewCase.objects.get(pk=application.review_case_id)
    return case_act(actor=actor, case=case, action="approve", comment=comment, expected_version=case.version)


def test_fallback_is_the_county_joint_union_when_there_is_one(world):
    joint = add_unit(world.target, f"矩阵联合工会{CANARY}")
    assert county_joint_union(world.target) == joint
    assert gig_route_for("330106", GigType.RIDER) == (joint, None)
    application = gig_apply()
    assert application.target_unit == joint
    assert application.member_unit == joint

    approve(reviewer(world), application)
    application.refresh_from_db()
    assert application.status == JoinStatus.APPROVED
    assert application.member is not None
    assert application.member.unit == joint


def test_joint_union_of_another_region_or_dissolved_is_not_the_fallback(world):
    add_unit(world.target, "矩阵外区联合工会", region="330105")
    dissolved = add_unit(world.target, "矩阵撤销联合工会")
    OrgUnit.objects.filter(pk=dissolved.pk).update(status="dissolved")
    assert gig_route_for("330106", GigType.RIDER) == (world.target, None)


def test_two_joint_unions_at_the_same_level_leave_the_choice_to_the_clerk(world):
    add_unit(world.target, "矩阵联合工会甲")
    add_unit(world.target, "矩阵联合工会乙")
    assert county_joint_union(world.target) is None
    assert gig_route_for("330106", GigType.RIDER) == (world.target, None)


def test_unrouted_application_waits_for_a_union_to_be_chosen(world):
    application = gig_apply()
    assert application.target_unit == world.target, "no route, no joint union: the county federation's queue"
    assert application.member_unit is None
    rev = reviewer(world)
    with pytest.raises(ValidationError, match="需先为申请人选择接收的工会"):
        approve(rev, application)
    case = ReviewCase.objects.get(pk=application.review_case_id)
    assert case.status == CaseStatus.IN_REVIEW, "the review transition rolled back with the refusal"
    assert not Member.objects.exists()

    assert selectors.needs_assignment(actor=rev, application=application)
    assert list(assignable_units(actor=rev, application=application)) == [world.child]
    join_approve_assign(actor=rev, application=application, unit=world.child, comment="分配至基层工会")
    application.refresh_from_db()
    assert application.status == JoinStatus.APPROVED
    assert application.member_unit == world.child
    member = application.member
    assert member is not None
    assert member.unit == world.child
    assert not selectors.needs_assignment(actor=rev, application=application)


def test_assigned_union_must_hold_members_and_lie_in_the_subtree(world):
    application = gig_apply()
    rev = reviewer(world)
    with pytest.raises(ValidationError, match="下属的工会"):
        join_approve_assign(actor=rev, application=application, unit=world.sibling)
    with pytest.raises(ValidationError, match="基层工会"):
        join_approve_assign(actor=rev, application=application, unit=world.target)
    application.refresh_from_db()
    assert application.member_unit is None
    assert application.status == JoinStatus.SUBMITTED


def test_join_approve_assign_matrix(world):
    application = gig_apply()
    service_matrix(
        world,
        APPROVE_JOIN,
        act=lambda actor, w: join_approve_assign(actor=actor, application=application, unit=w.child),
        state=lambda w: JoinApplication.objects.filter(pk=application.pk).values_list("status", "member_unit")[0],
        view_perm=VIEW_MEMBER,
    )


def test_assign_page_matrix(world):
    application = gig_apply()
    url = reverse("members:join_detail", args=[application.pk])
    responses = http_matrix(world, VIEW_MEMBER, "get", url)
    body = responses["ancestor"].content.decode()
    assert "选择工会并批准入会" in body
    assert "待选择" in body
    http_matrix(
        world,
        APPROVE_JOIN,
        "post",
        url,
        data=lambda w: {"unit": w.child.pk, "comment": "同意"},
        state=lambda w: JoinApplication.objects.filter(pk=application.pk).values_list("status", "member_unit")[0],
    )
    # Without the permission to approve, the form is not offered.
    viewer = login(Client(), world.staff("viewer", world.target, [VIEW_MEMBER]))
    assert "选择工会并批准入会" not in viewer.get(url).content.decode()
    clerk = login(Client(), world.actor("same_with", APPROVE_JOIN))
    response = clerk.post(url, {"unit": world.child.pk, "comment": "同意"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == JoinStatus.APPROVED
    assert application.member.unit == world.child


def test_approval_uses_the_rosters_enrolment(world):
    applicant = worker()
    application = apply_to(world, applicant=applicant)
    approve(reviewer(world, world.child), application)
    application.refresh_from_db()
    member = application.member
    assert member is not None
    event = AuditEvent.objects.get(action="members.member_create", target_id=str(member.pk))
    assert event.data["source"] == "online"
    assert event.data["application"] == application.pk
    assert event.unit_id == world.child.pk
    joined = MemberEvent.objects.get(member=member, kind="joined")
    assert joined.changes == {"application": application.pk}
    assert joined.note == "网上入会"
    assert member.phone == applicant.phone
    assert member.phone_rev
    assert member.id_tail4, "the roster's keys, incl. the ID tails the search uses"


def test_a_member_who_left_joins_again_on_the_same_row(world):
    number = resident_id(next_n())
    old = MemberFactory.create(unit=world.sibling, id_number=number, status=MemberStatus.LEFT)
    applicant = worker()
    application = apply_to(world, applicant=applicant, id_number=number)
    approve(reviewer(world, world.child), application)
    old.refresh_from_db()
    assert old.status == MemberStatus.ACTIVE
    assert old.unit == world.child
    assert old.user == applicant
    assert AuditEvent.objects.filter(action="members.member_rejoin", target_id=str(old.pk)).exists()
    assert Member.objects.count() == 1


def test_an_account_linked_to_another_ended_membership_keeps_that_link(world):
    applicant = worker()
    MemberFactory.create(unit=world.sibling, user=applicant, status=MemberStatus.LEFT)
    application = apply_to(world, applicant=applicant)
    approve(reviewer(world, world.child), application)
    application.refresh_from_db()
    assert application.member is not None
    assert application.member.user is None
    assert Member.objects.get(user=applicant).status == MemberStatus.LEFT


def test_deceased_number_cannot_be_approved(world):
    number = resident_id(next_n())
    application = apply_to(world, id_number=number)
    MemberFactory.create(unit=world.sibling, id_number=number, status=MemberStatus.DECEASED)
    with pytest.raises(ValidationError, match="已故"):
        approve(reviewer(world, world.child), application)


def test_api_assign_approve_matrix(world):
    application = gig_apply()
    url = reverse("v1:join-application-assign-approve", args=[application.pk])
    http_matrix(
        world,
        APPROVE_JOIN,
        "post",
        url,
        data=lambda w: {"unit": w.child.pk, "comment": "同意"},
        state=lambda w: JoinApplication.objects.filter(pk=application.pk).values_list("status", "member_unit")[0],
        json=True,
    )
    client = login(Client(), world.actor("same_with", APPROVE_JOIN))
    wrong = client.post(url, {"unit": world.sibling.pk}, content_type="application/json")
    assert wrong.status_code == 400
    response = client.post(url, {"unit": world.child.pk}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["member_unit"] == {"id": world.child.pk, "name": world.child.name}


def test_migration_backfills_the_member_union_and_the_returned_status(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gonghui.members.migrations.0004_join_member_unit_and_returned")
    routed = apply_to(world)
    unrouted = gig_apply()
    returned = apply_to(world)
    case = ReviewCase.objects.get(pk=returned.review_case_id or 0)
    case_act(
        actor=reviewer(world, world.child), case=case, action="return", comment="补充", expected_version=case.version
    )
    # As rows written before the migration looked: no member union, a returned case still "submitted".
    JoinApplication.objects.update(member_unit=None)
    JoinApplication.objects.filter(pk=returned.pk).update(status=JoinStatus.SUBMITTED)
    migration.backfill(apps, None)
    rows = dict(JoinApplication.objects.values_list("pk", "member_unit"))
    assert rows == {routed.pk: world.child.pk, unrouted.pk: None, returned.pk: world.child.pk}
    assert JoinApplication.objects.get(pk=returned.pk).status == JoinStatus.RETURNED
    assert JoinApplication.objects.get(pk=routed.pk).status == JoinStatus.SUBMITTED


def test_the_union_is_chosen_by_a_search_by_name_within_the_queue(world):
    """Issue 13: the union an unrouted application joins is searched by name, shown with its parent; units outside
    the queue's subtree, or of a kind that holds no members, are never offered, and a posted one is a 404."""
    application = gig_apply()
    clerk = login(Client(), world.staff("clerk", world.city, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER]))
    url = reverse("members:join_detail", args=[application.pk])
    body = clerk.get(url).content.decode()
    assert 'name="unit_q"' in body
    assert "<select" not in body.split("选择工会并批准入会")[1].split("</form>")[0]
    search = clerk.get(
        reverse("members:join_unit_search"), {"field": "unit", "unit_q": "矩阵", "within": application.target_unit_id}
    ).content.decode()
    assert f'value="{world.child.pk}"' in search
    assert f"矩阵基层工会{CANARY} · 矩阵区总工会{CANARY}" in search
    assert f'value="{world.sibling.pk}"' not in search  # another county
    assert f'value="{world.target.pk}"' not in search  # a federation holds no members
    # Without JavaScript: the text names one union, which is taken.
    response = clerk.post(url, {"unit_q": "矩阵基层", "comment": "同意"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.member_unit == world.child


def test_a_union_outside_the_queue_is_refused_with_a_404(world):
    application = gig_apply()
    clerk = login(Client(), world.staff("clerk", world.city, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER]))
    url = reverse("members:join_detail", args=[application.pk])
    other = add_unit(world.sibling, "兄弟区联合工会", region="330105")
    assert clerk.post(url, {"unit": other.pk, "comment": "同意"}).status_code == 404
    assert JoinApplication.objects.get(pk=application.pk).status != JoinStatus.APPROVED


def test_gig_route_union_is_searched_by_name(world):
    clerk = login(Client(), world.staff("clerk", world.target, [APPROVE_JOIN, VIEW_MEMBER]))
    body = clerk.get(reverse("members:gig_routes")).content.decode()
    assert 'name="unit_q"' in body
    search = clerk.get(reverse("members:route_unit_search"), {"field": "unit", "unit_q": "矩阵"}).content.decode()
    assert f'value="{world.target.pk}"' in search
    assert f'value="{world.child.pk}"' not in search  # a grassroots union receives no routed workers
    assert f'value="{world.city.pk}"' not in search  # above the clerk's unit
    outside = clerk.post(reverse("members:gig_routes"), {"region_code": "330106", "unit": world.sibling.pk})
    assert outside.status_code == 404
