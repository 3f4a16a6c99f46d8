"""Online joining: apply → the target union's review queue → approve (member + card) or reject (reason);
gig-worker routing; one person, one membership; scope of the applications."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, http_matrix, login, service_matrix
from gonghui.members.joining import selectors
from gonghui.members.joining.routes import gig_route_for, gig_route_save
from gonghui.members.joining.services import JOIN_PROCESS, ensure_join_process, join_apply, join_withdraw
from gonghui.members.joining.tests.sweep import apply_to, employer_in, next_n, worker
from gonghui.members.models import (
    GigRoute,
    GigType,
    JoinApplication,
    JoinStatus,
    Member,
    MemberCard,
    MemberEvent,
    MemberSource,
    MemberStatus,
)
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.review.models import CaseStatus, ProcessType, ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.selectors import case_queue
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db
WITH_SIBLING = ("sibling", "same_with", "ancestor")


def reviewer(world, unit=None):
    return world.staff("rev", unit or world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])


def decide(actor, application, action="approve", comment=""):
    case = ReviewCase.objects.get(pk=application.review_case_id)
    return case_act(actor=actor, case=case, action=action, comment=comment, expected_version=case.version)


def test_process_is_created_once_with_one_subject_step():
    first = ensure_join_process()
    second = ensure_join_process()
    assert first.pk == second.pk
    steps = list(first.steps.all())
    assert [(s.level, s.permission, s.deadline_working_days) for s in steps] == [("subject", "members.approve_join", 5)]


def test_join_journey_approve_creates_member_and_card(world):
    applicant = worker(name="职工")
    number = resident_id(next_n())
    application = apply_to(world, applicant=applicant, id_number=number)
    assert ProcessType.objects.filter(code=JOIN_PROCESS).exists(), "created lazily on the first application"
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert application.target_unit == world.child
    assert application.phone == applicant.phone
    assert number not in application.id_cipher
    assert application.id_masked.startswith(number[:3])
    case = application.review_case
    assert case is not None
    assert case.unit == world.child
    assert case.title.startswith("入会申请 王*")
    assert CANARY not in case.title

    rev = reviewer(world)
    assert list(case_queue(actor=rev)) == [case]
    sibling_reviewer = reviewer(world, world.sibling)
    assert list(case_queue(actor=sibling_reviewer)) == []

    decide(rev, application, comment="同意")
    application.refresh_from_db()
    assert application.status == JoinStatus.APPROVED
    member = application.member
    assert member is not None
    assert member.user == applicant
    assert member.unit == world.child
    assert member.status == MemberStatus.ACTIVE
    assert member.source == MemberSource.ONLINE
    assert re.fullmatch(r"HY\d{10}", member.member_no)
    assert member.id_bidx == application.id_bidx
    assert number not in member.id_cipher
    assert member.name_pinyin
    assert member.name_grams.exists()
    assert MemberEvent.objects.filter(member=member, kind="joined").count() == 1
    assert MemberCard.objects.filter(member=member, revoked_at__isnull=True).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"members.join_apply", "members.member_create", "members.join_decide", "members.card_issue"} <= actions


def test_join_reject_records_the_reason(world):
    application = apply_to(world)
    decide(reviewer(world), application, "reject", "单位信息不符")
    application.refresh_from_db()
    assert application.status == JoinStatus.REJECTED
    assert application.review_comment == "单位信息不符"
    assert application.member is None
    assert not Member.objects.filter(id_bidx=application.id_bidx).exists()


def test_returned_then_withdrawn(world):
    applicant = worker()
    application = apply_to(world, applicant=applicant)
    decide(reviewer(world), application, "return", "请核对姓名")
    application.refresh_from_db()
    assert application.status == JoinStatus.RETURNED
    assert application.review_comment == "请核对姓名"
    with pytest.raises(Http404):
        join_withdraw(actor=worker(), application=application)
    join_withdraw(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.status == JoinStatus.WITHDRAWN
    assert ReviewCase.objects.get(pk=application.review_case_id or 0).status == CaseStatus.WITHDRAWN


def test_gig_worker_routing_route_then_county_fallback(world):
    # No route: the county federation of the work region (world.target is 330106's federation).
    unit, route = gig_route_for("330106", GigType.RIDER)
    assert (unit, route) == (world.target, None)
    city_staff = world.staff("cityjoin", world.city, [VIEW_MEMBER, APPROVE_JOIN])
    any_type = gig_route_save(actor=city_staff, region_code="3301", gig_type="", unit=world.city)
    assert gig_route_for("330106", GigType.COURIER) == (world.city, any_type)
    riders = gig_route_save(actor=city_staff, region_code="330106", gig_type=GigType.RIDER, unit=world.child)
    assert gig_route_for("330106", GigType.RIDER) == (world.child, riders)
    assert gig_route_for("330106", GigType.COURIER) == (world.city, any_type)
    assert gig_route_for("330203", GigType.RIDER) == (None, None)

    application = join_apply(
        actor=worker(),
        name="骑手",
        id_type="resident",
        id_number=resident_id(next_n()),
        gig_type=GigType.RIDER,
        gig_platform="美团",
        work_region="330106",
    )
    assert application.target_unit == world.child
    assert application.gig_route == riders
    with pytest.raises(ValidationError, match="暂未开通"):
        join_apply(
            actor=worker(),
            name="骑手",
            id_type="resident",
            id_number=resident_id(next_n()),
            gig_type=GigType.RIDER,
            gig_platform="美团",
            work_region="330203",
        )


def test_one_person_one_membership(world):
    number = resident_id(next_n())
    MemberFactory.create(unit=world.sibling, id_number=number)
    with pytest.raises(ValidationError) as info:
        apply_to(world, id_number=number)
    text = " ".join(info.value.messages)
    assert "已登记为工会会员" in text
    assert "接转" in text
    assert "兄弟" not in text, "the union holding the membership is not named to a stranger"

    applicant = worker()
    MemberFactory.create(unit=world.child, user=applicant)
    with pytest.raises(ValidationError, match="您已是工会会员"):
        apply_to(world, applicant=applicant)
    assert not JoinApplication.objects.exists()


def test_second_application_while_pending_is_refused(world):
    applicant = worker()
    apply_to(world, applicant=applicant)
    with pytest.raises(ValidationError, match="审核中"):
        apply_to(world, applicant=applicant)


def test_join_apply_needs_a_signed_in_account_with_a_phone(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        join_apply(actor=AnonymousUser(), name="x", id_type="resident", id_number=resident_id(1))
    staff = world.staff("nophone", world.child, [VIEW_MEMBER])
    with pytest.raises(ValidationError, match="手机号"):
        join_apply(actor=staff, name="x", id_type="resident", id_number=resident_id(1))
    with pytest.raises(ValidationError, match="校验位"):
        apply_to(world, id_number="330106199001011230")


def test_approval_refused_when_the_person_became_a_member_meanwhile(world):
    number = resident_id(next_n())
    application = apply_to(world, id_number=number)
    MemberFactory.create(unit=world.sibling, id_number=number)
    with pytest.raises(ValidationError, match="一人只能保留一个会籍"):
        decide(reviewer(world), application)
    assert ReviewCase.objects.get(pk=application.review_case_id or 0).status == CaseStatus.IN_REVIEW


def test_join_get_matrix(world):
    application = apply_to(world)
    service_matrix(
        world,
        VIEW_MEMBER,
        act=lambda actor, w: selectors.join_get(actor=actor, application_id=application.pk),
        view_perm=VIEW_MEMBER,
    )


def test_gig_route_save_matrix(world):
    service_matrix(
        world,
        APPROVE_JOIN,
        act=lambda actor, w: gig_route_save(actor=actor, region_code="330106", gig_type="rider", unit=w.target),
        state=lambda w: GigRoute.objects.count(),
        view_perm=VIEW_MEMBER,
    )


def test_join_pages_matrix(world, django_assert_max_num_queries):
    application = apply_to(world)
    for _ in range(3):
        apply_to(world)
    for url in (reverse("members:join_list"), reverse("v1:join-application-list")):
        responses = http_matrix(world, VIEW_MEMBER, "get", url, allowed=WITH_SIBLING)
        assert CANARY not in responses["sibling"].content.decode()
        assert CANARY in responses["same_with"].content.decode()
    http_matrix(world, VIEW_MEMBER, "get", reverse("members:join_detail", args=[application.pk]))
    http_matrix(world, VIEW_MEMBER, "get", reverse("v1:join-application-detail", args=[application.pk]))
    staff = login(Client(), world.actor("same_with", VIEW_MEMBER))
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("members:join_list")).status_code == 200
    with django_assert_max_num_queries(10):
        response = staff.get(reverse("v1:join-application-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert all(row["phone"].count("*") == 4 and "*" in row["id_number"] for row in response.json()["results"])


def test_gig_routes_page_matrix(world):
    staff = world.staff("routes", world.target, [VIEW_MEMBER, APPROVE_JOIN])
    gig_route_save(actor=staff, region_code="330106", gig_type="courier", unit=world.target)
    responses = http_matrix(world, APPROVE_JOIN, "get", reverse("members:gig_routes"), allowed=WITH_SIBLING)
    assert CANARY not in responses["sibling"].content.decode()
    assert CANARY in responses["ancestor"].content.decode()
    http_matrix(
        world,
        APPROVE_JOIN,
        "post",
        reverse("members:gig_routes"),
        data=lambda w: {"region_code": "330106", "gig_type": "rider", "unit": w.target.pk},
        state=lambda w: GigRoute.objects.count(),
    )


def test_sibling_never_sees_our_application(world):
    application = apply_to(world)
    sibling = world.actor("sibling", VIEW_MEMBER)
    with pytest.raises(Http404):
        selectors.join_get(actor=sibling, application_id=application.pk)
    assert not selectors.join_list(actor=sibling).exists()
    client = login(Client(), sibling)
    assert client.get(reverse("members:join_detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("v1:join-application-detail", args=[application.pk])).status_code == 404
    assert CANARY not in client.get(reverse("members:join_list")).content.decode()


# --- portal ----------------------------------------------------------------------------------------------------


def portal_client(user):
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    return client


def test_portal_join_form_submits_and_shows_status(world):
    employer = employer_in(world.child, "杭州测试科技有限公司")
    applicant = worker(name="李明")
    client = portal_client(applicant)
    page = client.get(reverse("member_portal:join"))
    assert page.status_code == 200
    assert "提交入会申请" in page.content.decode()
    assert f"{applicant.phone or ''}"[:3] + "****" in page.content.decode()
    found = client.get(reverse("member_portal:employer_search"), {"q": "测试科技"})
    assert "杭州测试科技有限公司" in found.content.decode()
    assert (
        client.get(reverse("member_portal:employer_search"), {"q": "不存在的单位"})
        .content.decode()
        .count('name="employer"')
        == 0
    )
    response = client.post(
        reverse("member_portal:join"),
        {
            "name": "李明",
            "id_type": "resident",
            "id_number": resident_id(next_n()),
            "mode": "employer",
            "employer_q": "测试科技",
            "employer": employer.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = JoinApplication.objects.get(applicant=applicant)
    assert application.target_unit == world.child
    status = client.get(reverse("member_portal:join_status")).content.decode()
    assert "审核中" in status
    assert "工会审核" in status


def test_portal_join_form_shows_errors(world):
    client = portal_client(worker())
    response = client.post(
        reverse("member_portal:join"),
        {
            "name": "李明",
            "id_type": "resident",
            "id_number": "1.10105E+17",
            "mode": "gig",
            "gig_type": "rider",
            "gig_platform": "美团",
            "work_region": "330106",
        },
    )
    assert response.status_code == 200
    assert "科学计数法" in response.content.decode()
    assert not JoinApplication.objects.exists()


def test_portal_join_gig_worker(world):
    client = portal_client(worker())
    response = client.post(
        reverse("member_portal:join"),
        {
            "name": "骑手",
            "id_type": "resident",
            "id_number": resident_id(next_n()),
            "mode": "gig",
            "gig_type": "rider",
            "gig_platform": "美团",
            "work_region": "330106",
        },
    )
    assert response.status_code == 302
    assert JoinApplication.objects.get().target_unit == world.target
