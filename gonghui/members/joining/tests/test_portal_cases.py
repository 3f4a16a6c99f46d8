"""The worker's cases and profile (issue 13): tappable items, the right step labels after withdrawal, no doubled
words, the worker's own name unmasked to themself, expected time and contact, confirmation before withdrawing;
the membership on the profile; the review case page shows the application's facts, masked."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import login
from gonghui.members.joining.services import join_withdraw
from gonghui.members.joining.tests.sweep import apply_to, worker
from gonghui.members.models import GigType, JoinStatus
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.review.models import ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db


def _portal(user) -> Client:
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    return client


def test_my_cases_items_link_to_the_application_without_doubled_words(world):
    world.child.name = "西湖区新就业形态劳动者联合工会"
    world.child.short_name = ""
    world.child.save()
    applicant = worker(name="林小英")
    apply_to(world, applicant=applicant, name="林小英")
    body = _portal(applicant).get("/cases/").content.decode()
    assert 'href="/members/join/status/"' in body
    assert "联合工会工会" not in body
    assert "审核中（西湖区新就业形态劳动者联合工会）" in body or "中（西湖区新就业形态劳动者联合工会）" in body


def test_status_page_shows_own_name_expected_time_contact_and_asks_before_withdrawing(world):
    applicant = worker(name="林小英")
    application = apply_to(world, applicant=applicant, name="林小英")
    client = _portal(applicant)
    body = client.get("/members/join/status/").content.decode()
    assert "林小英" in body  # the worker's own name, unmasked to themself
    assert "林*英" not in body
    assert 'id="join-expected"' in body
    assert "预计" in body
    assert "12351" in body
    assert 'data-confirm="' in body
    assert "确定撤回吗" in body

    join_withdraw(actor=applicant, application=application)
    body = client.get("/members/join/status/").content.decode()
    assert "待办理" not in body
    assert "已撤回，不再办理" in body
    assert 'id="join-contact"' not in body


def test_profile_of_an_approved_member_shows_the_membership(world):
    user = worker(name="")
    MemberFactory(user=user, unit=world.child, name="王兰芳", member_no="HY330000000123")
    body = _portal(user).get("/me/").content.decode()
    assert "未填写姓名" not in body
    assert "王兰芳" in body
    assert "HY330000000123" in body
    assert world.child.name in body
    assert "入会时间" in body
    assert "不能在这里修改" in body


def test_profile_of_a_worker_who_is_not_a_member(world):
    body = _portal(worker(name="")).get("/me/").content.decode()
    assert "我的会籍" not in body
    assert "未填写姓名" in body


def test_review_case_page_shows_the_application_facts_masked(world):
    number = resident_id(777)
    application = apply_to(
        world,
        employer=None,
        id_number=number,
        gig_type=GigType.RIDER,
        gig_platform="美团",
        work_region="330106",
    )
    application.refresh_from_db()
    staff = world.staff("rev", application.target_unit, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    body = login(Client(), staff).get(reverse("review:case_detail", args=[application.review_case_id])).content.decode()
    assert 'id="case-subject-facts"' in body
    assert "网约配送员" in body
    assert "美团" in body
    assert "西湖区" in body
    assert ">330106<" not in body
    assert application.id_masked in body
    assert number not in body
    assert application.phone not in body.split('id="case-subject-facts"')[1].split("</section>")[0]
    assert "members.join" not in body


def test_approve_then_withdrawn_step_labels(world):
    applicant = worker(name="林小英")
    application = apply_to(world, applicant=applicant, name="林小英")
    rev = world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    case = ReviewCase.objects.get(pk=application.review_case_id or 0)
    case_act(actor=rev, case=case, action="approve", comment="同意", expected_version=case.version)
    application.refresh_from_db()
    assert application.status == JoinStatus.APPROVED
    body = _portal(applicant).get("/members/join/status/").content.decode()
    assert "已通过" in body
    assert "待办理" not in body
