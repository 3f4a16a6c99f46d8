"""A join application returned for changes: the worker edits it in the portal and sends it back; validation is the
first submission's, the phone stays, and the review history keeps both versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gonghui.audit.models import AuditEvent
from gonghui.members.joining.services import join_edit_resubmit
from gonghui.members.joining.tests.sweep import apply_to, employer_in, next_n, unit_in_target, worker
from gonghui.members.models import GigType, JoinApplication, JoinStatus
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.tests.factories import resident_id
from gonghui.review.models import CaseStatus, EventAction, ReviewCase, ReviewEvent
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db


def reviewer(world):
    return world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])


def returned(world, applicant=None, **kwargs):
    application = apply_to(world, applicant=applicant or worker(), name="王兰方", **kwargs)
    case = ReviewCase.objects.get(pk=application.review_case_id or 0)
    case_act(actor=reviewer(world), case=case, action="return", comment="姓名有误", expected_version=case.version)
    return JoinApplication.objects.get(pk=application.pk)


def edit(application, actor=None, **changes):
    params = {
        "name": application.name,
        "id_type": application.id_type,
        "id_number": "",
        "employer": application.employer,
    }
    params.update(changes)
    return join_edit_resubmit(actor=actor or application.applicant, application=application, **params)


def portal_client(user):
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    return client


def test_edit_and_resubmit_keeps_both_versions_in_the_review_history(world):
    application = returned(world)
    assert application.status == JoinStatus.RETURNED
    old_masked = application.id_masked
    new_number = resident_id(next_n())
    phone = application.phone
    edit(application, name="王兰芳", id_number=new_number, comment="已更正")
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert application.name == "王兰芳"
    assert keys.id_decrypt(application.id_cipher) == new_number
    assert application.phone == phone, "the SMS-verified phone is kept"
    assert application.review_comment == ""
    case = ReviewCase.objects.get(pk=application.review_case_id)
    assert case.status == CaseStatus.IN_REVIEW
    resubmit = ReviewEvent.objects.get(case=case, action=EventAction.RESUBMIT)
    assert "已更正" in resubmit.comment
    assert "王兰方 → 王兰芳" in resubmit.comment
    assert old_masked in resubmit.comment
    assert application.id_masked in resubmit.comment
    assert new_number not in resubmit.comment, "the document number stays masked in the history"
    audit = AuditEvent.objects.get(action="members.join_edit")
    assert new_number not in str(audit.changes)
    assert "王兰芳" not in str(audit.changes), "the name is masked in the audit trail too"
    # The reviewer can approve the corrected application.
    case_act(actor=reviewer(world), case=case, action="approve", expected_version=case.version)
    application.refresh_from_db()
    assert application.member.name == "王兰芳"


def test_blank_id_number_keeps_the_document(world):
    application = returned(world)
    number = keys.id_decrypt(application.id_cipher)
    edit(application, name="王兰芳")
    application.refresh_from_db()
    assert keys.id_decrypt(application.id_cipher) == number
    resubmit = ReviewEvent.objects.get(case_id=application.review_case_id, action=EventAction.RESUBMIT)
    assert resubmit.comment == "修改内容：姓名：王兰方 → 王兰芳"


def test_validation_is_the_first_submissions(world):
    application = returned(world)
    with pytest.raises(ValidationError, match="校验位"):
        edit(application, id_number="330106199001011230")
    with pytest.raises(ValidationError, match="姓名"):
        edit(application, name="  ")
    with pytest.raises(ValidationError, match="二者只选其一"):
        edit(application, gig_type=GigType.RIDER)
    application.refresh_from_db()
    assert application.status == JoinStatus.RETURNED
    assert application.name == "王兰方"
    assert not ReviewEvent.objects.filter(case_id=application.review_case_id, action=EventAction.RESUBMIT).exists()


def test_a_change_that_moves_the_application_to_another_union_is_refused(world):
    application = returned(world)
    elsewhere = employer_in(unit_in_target(world), "另一家有限公司")
    with pytest.raises(ValidationError, match="撤回本申请"):
        edit(application, employer=elsewhere)
    # Another employer of the same union is fine.
    same_union = employer_in(world.child, "同工会另一家有限公司")
    edit(application, employer=same_union)
    application.refresh_from_db()
    assert application.employer == same_union


def test_only_the_applicant_edits_only_a_returned_application(world):
    application = returned(world)
    for name in ("member", "sibling", "same_with", "ancestor"):
        with pytest.raises(Http404):
            edit(application, actor=world.actor(name, APPROVE_JOIN))
    pending = apply_to(world)
    with pytest.raises(ValidationError, match="退回修改"):
        edit(pending)
    application.refresh_from_db()
    assert application.status == JoinStatus.RETURNED
    assert not AuditEvent.objects.filter(action="members.join_edit").exists()


def test_portal_edit_page_prefills_and_resubmits(world):
    applicant = worker()
    application = returned(world, applicant=applicant)
    client = portal_client(applicant)
    status = client.get(reverse("member_portal:join_status")).content.decode()
    assert "修改申请" in status
    assert "退回修改" in status
    page = client.get(reverse("member_portal:join_edit"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "王兰方" in body
    assert "姓名有误" in body
    assert application.id_masked in body
    assert application.employer.name in body
    response = client.post(
        reverse("member_portal:join_edit"),
        {
            "name": "王兰芳",
            "id_type": "resident",
            "id_number": "",
            "mode": "employer",
            "employer_q": application.employer.name,
            "employer": application.employer_id,
            "comment": "已改正",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert application.name == "王兰芳"
    # Nothing left to edit: the page says so.
    assert "您没有被退回修改的入会申请" in client.get(reverse("member_portal:join_edit")).content.decode()


def test_portal_edit_page_shows_the_same_errors(world):
    applicant = worker()
    application = returned(world, applicant=applicant)
    client = portal_client(applicant)
    response = client.post(
        reverse("member_portal:join_edit"),
        {
            "name": "王兰芳",
            "id_type": "resident",
            "id_number": "1.10105E+17",
            "mode": "employer",
            "employer": application.employer_id,
        },
    )
    assert response.status_code == 200
    assert "科学计数法" in response.content.decode()
    application.refresh_from_db()
    assert application.status == JoinStatus.RETURNED


def test_portal_edit_page_of_another_worker_shows_nothing_of_ours(world):
    application = returned(world)
    stranger = portal_client(worker())
    response = stranger.get(reverse("member_portal:join_edit")).content.decode()
    assert "您没有被退回修改的入会申请" in response
    assert application.name not in response
    assert application.name not in stranger.get(reverse("member_portal:join_status")).content.decode()
    anonymous = Client().get(reverse("member_portal:join_edit"))
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
