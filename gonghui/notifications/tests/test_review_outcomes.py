"""Every review process tells its applicant (``submitted_by``) of each decision: approved, returned for changes
(with the reason), rejected (with the reason), with the case's portal page (else 我的办事); a next step, a
withdrawal and other people are told nothing. A module's own message with the decision's key replaces the
generic one (joining: see ``members/joining/tests/test_joining_notifications.py``)."""

from __future__ import annotations

import pytest

from gonghui.notifications.models import Notification
from gonghui.notifications.outcomes import PROGRESS
from gonghui.review.hooks import register_subject, unregister_subject
from gonghui.review.services import case_resubmit, case_withdraw
from gonghui.review.tests.factories import act, cast_of, fresh, make_process, submit

pytestmark = pytest.mark.django_db

CODE = "test.notify"


@pytest.fixture
def process():
    register_subject(CODE, portal_url=lambda case: f"/my/thing/{case.pk}/")
    yield make_process(CODE, [("基层审核", "subject"), ("县级审核", "county")])
    unregister_subject(CODE)


def _resubmit(user, case):
    current = fresh(case)
    case_resubmit(actor=user, case=current, expected_version=current.version)


def _messages(user):
    return list(Notification.objects.filter(recipient=user, category=PROGRESS))


def test_approval_after_the_last_step_only(world, process):
    cast = cast_of(world)
    case = submit(cast.clerk, process, world.child, title="测试申请甲")
    act(cast.grassroots, case)  # on to the county: no outcome yet
    assert _messages(cast.clerk) == []
    act(cast.county, case)
    [message] = _messages(cast.clerk)
    assert message.title == "申请已通过：测试申请甲"
    assert message.url == f"/my/thing/{case.pk}/"
    assert not Notification.objects.exclude(recipient=cast.clerk).exists(), "reviewers are not told"


@pytest.mark.parametrize(
    ("action", "title"), [("return", "申请被退回修改：测试申请乙"), ("reject", "申请未通过：测试申请乙")]
)
def test_return_and_rejection_carry_the_reason(world, process, action, title):
    cast = cast_of(world)
    case = submit(cast.clerk, process, world.child, title="测试申请乙")
    act(cast.grassroots, case, action, comment="缺少  营业执照\n复印件")
    [message] = _messages(cast.clerk)
    assert message.title == title
    assert "缺少 营业执照 复印件" in message.body


def test_each_decision_is_one_message_and_withdrawal_none(world, process):
    cast = cast_of(world)
    case = submit(cast.clerk, process, world.child)
    act(cast.grassroots, case, "return", comment="补材料")
    _resubmit(cast.clerk, case)
    act(cast.grassroots, case, "return", comment="再补")
    assert len(_messages(cast.clerk)) == 2, "two returns, two messages"
    _resubmit(cast.clerk, case)
    current = fresh(case)
    case_withdraw(actor=cast.clerk, case=current, expected_version=current.version)
    assert len(_messages(cast.clerk)) == 2


def test_without_a_portal_page_the_message_links_my_cases(world):
    cast = cast_of(world)
    process = make_process("test.notify_plain", [("基层审核", "subject")])
    case = submit(cast.clerk, process, world.child)
    act(cast.grassroots, case)
    [message] = _messages(cast.clerk)
    assert message.url == "/cases/"
