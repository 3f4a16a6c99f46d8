"""The worker gets an SMS of each outcome (join approved / rejected / returned, transfer accepted / rejected),
through the project's SMS backend, only once the decision commits, without the document number."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.members.joining.tests.sweep import apply_to, canary_member, next_n, other_unit, worker
from gonghui.members.permissions import APPROVE_JOIN, TRANSFER_MEMBER, VIEW_MEMBER
from gonghui.members.roster import keys
from gonghui.members.tests.factories import MemberFactory, resident_id
from gonghui.members.transfers.services import transfer_accept, transfer_reject, transfer_release, transfer_request
from gonghui.review.models import ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    settings.SMS_BACKEND = "gonghui.accounts.sms.FileSmsBackend"
    settings.SMS_OUTBOX_FILE = tmp_path / "sms-outbox.log"

    def read() -> list[tuple[str, str]]:
        path = settings.SMS_OUTBOX_FILE
        if not path.exists():
            return []
        return [tuple(line.split("\t")[1:3]) for line in path.read_text(encoding="utf-8").splitlines()]

    return read


def decide(world, application, action, comment=""):
    rev = world.staff("rev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    case = ReviewCase.objects.get(pk=application.review_case_id)
    case_act(actor=rev, case=case, action=action, comment=comment, expected_version=case.version)


def clerk(world, unit):
    return world.staff("tclerk", unit, [VIEW_MEMBER, TRANSFER_MEMBER])


def test_approval_sends_the_worker_an_sms_on_commit(world, outbox, django_capture_on_commit_callbacks):
    applicant = worker()
    number = resident_id(next_n())
    application = apply_to(world, applicant=applicant, id_number=number)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(world, application, "approve")
    assert outbox() == [], "nothing leaves before the decision commits"
    for callback in callbacks:
        callback()
    [(phone, message)] = outbox()
    assert phone == applicant.phone
    assert "入会申请已通过" in message
    assert "矩阵基层工会" in message
    assert number not in message
    assert number[-6:] not in message
    assert application.name not in message


@pytest.mark.parametrize(("action", "expected"), [("reject", "未通过"), ("return", "退回")])
def test_rejection_and_return_carry_the_reason(world, outbox, django_capture_on_commit_callbacks, action, expected):
    applicant = worker()
    application = apply_to(world, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, application, action, "单位信息与营业执照不符")
    [(phone, message)] = outbox()
    assert phone == applicant.phone
    assert expected in message
    assert "单位信息与营业执照不符" in message
    assert keys.id_decrypt(application.id_cipher) not in message


def test_a_long_reason_is_shortened(world, outbox, django_capture_on_commit_callbacks):
    application = apply_to(world)
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, application, "reject", "理由" * 100)
    [(_phone, message)] = outbox()
    assert "…" in message
    assert len(message) < 140


def test_a_failed_decision_sends_nothing(world, outbox, django_capture_on_commit_callbacks):
    number = resident_id(next_n())
    application = apply_to(world, id_number=number)
    MemberFactory.create(unit=world.sibling, id_number=number)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        decide(world, application, "approve")
    assert outbox() == []


def test_withdrawal_sends_nothing(world, outbox, django_capture_on_commit_callbacks):
    from gonghui.members.joining.services import join_withdraw

    applicant = worker()
    application = apply_to(world, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        join_withdraw(actor=applicant, application=application)
    assert outbox() == []


def test_transfer_accepted_and_rejected_are_sent_to_the_member(world, outbox, django_capture_on_commit_callbacks):
    target = other_unit(world)
    user = worker()
    member = canary_member(world, user=user, phone="13612345678")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_request(actor=clerk(world, world.child), member=member, to_unit=target, reason="调动")
        transfer_release(actor=clerk(world, world.child), transfer=transfer)
    assert outbox() == [], "requesting and releasing send nothing"
    with django_capture_on_commit_callbacks(execute=True):
        transfer_accept(actor=clerk(world, target), transfer=transfer)
    [(phone, message)] = outbox()
    assert phone == "13612345678"
    assert "转入" in message
    assert target.name in message
    assert member.name not in message

    # Without a roster phone, the member's portal account phone is used.
    second = canary_member(world, user=worker(), phone="")
    with django_capture_on_commit_callbacks(execute=True):
        other = transfer_request(actor=clerk(world, world.child), member=second, to_unit=target, reason="调动")
        transfer_reject(actor=clerk(world, world.child), transfer=other, comment="尚有未结事项")
    phone, message = outbox()[-1]
    assert second.user is not None
    assert phone == second.user.phone
    assert "未同意" in message
    assert "尚有未结事项" in message


def test_member_without_any_phone_gets_nothing(world, outbox, django_capture_on_commit_callbacks):
    member = canary_member(world, phone="")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_request(
            actor=clerk(world, world.child), member=member, to_unit=other_unit(world), reason="调动"
        )
        transfer_reject(actor=clerk(world, world.child), transfer=transfer, comment="不同意")
    assert outbox() == []


def test_each_outcome_is_one_message_in_the_workers_inbox(world, outbox, django_capture_on_commit_callbacks):
    """The join message replaces the review kernel's generic one (same decision key): one message, one SMS."""
    from gonghui.notifications.models import Notification

    applicant = worker()
    application = apply_to(world, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, application, "return", "请补充劳动合同")
    [message] = Notification.objects.filter(recipient=applicant)
    assert message.category == "members.join"
    assert message.title == "入会申请被退回修改"
    assert "请补充劳动合同" in message.body
    assert message.url, "the message links the worker's case page"
    assert len(outbox()) == 1


def test_a_member_who_turned_sms_off_is_told_in_the_inbox_only(world, outbox, django_capture_on_commit_callbacks):
    from gonghui.notifications.models import Notification
    from gonghui.notifications.services import preference_set

    target = other_unit(world)
    user = worker()
    preference_set(actor=user, category="members.join", sms=False)
    member = canary_member(world, user=user, phone="13612340000")
    with django_capture_on_commit_callbacks(execute=True):
        transfer = transfer_request(actor=clerk(world, world.child), member=member, to_unit=target, reason="调动")
        transfer_release(actor=clerk(world, world.child), transfer=transfer)
        transfer_accept(actor=clerk(world, target), transfer=transfer)
    assert outbox() == []
    [message] = Notification.objects.filter(recipient=user)
    assert target.name in message.body
    assert message.url == "/members/transfer/"
