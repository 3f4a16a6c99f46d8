"""A worker whose application was returned edits it on a phone-sized screen and sends it back (Debian chromium
through Playwright): the SMS tells them, the portal shows the reason, the form keeps the verified phone."""

from __future__ import annotations

from gonghui.accounts.sms import read_outbox_code
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.members.joining.tests.sweep import apply_to, worker
from gonghui.members.models import JoinApplication, JoinStatus
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.review.models import EventAction, ReviewCase, ReviewEvent
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

PHONE_VIEWPORT = {"width": 390, "height": 844}

pytestmark = BROWSER_MARKS


def _outbox(settings) -> list[str]:
    path = settings.SMS_OUTBOX_FILE
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_returned_application_is_edited_on_a_phone_and_resubmitted(chromium, live_server, world, settings, tmp_path):
    settings.SMS_OUTBOX_FILE = tmp_path / "sms-outbox.log"
    phone = "13800138456"
    applicant = worker(phone=phone, name="王兰方")
    application = apply_to(world, applicant=applicant, name="王兰方")
    reviewer = world.staff("browserrev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    case = ReviewCase.objects.get(pk=application.review_case_id or 0)
    case_act(actor=reviewer, case=case, action="return", comment="姓名与证件不符", expected_version=case.version)
    returned_sms = [line for line in _outbox(settings) if f"\t{phone}\t" in line]
    assert len(returned_sms) == 1
    assert "姓名与证件不符" in returned_sms[0]

    context = chromium.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/members/join/status/")
    page.wait_for_url("**/login/**")
    page.fill("#id_phone", phone)
    page.click("#send-code")
    page.wait_for_selector("#sms-status .p-ok")
    page.fill("#id_code", read_outbox_code(phone) or "")
    page.click("button.p-btn-primary")
    page.wait_for_url(f"{live_server.url}/members/join/status/")
    assert "退回修改" in page.inner_text("main")

    page.click("#join-edit")
    page.wait_for_url(f"{live_server.url}/members/join/edit/")
    assert "姓名与证件不符" in page.inner_text("#join-returned-reason")
    assert page.input_value("#id_name") == "王兰方"
    assert page.is_checked("#employer-results input[name=employer]"), "the employer is kept selected"
    assert "138****8456" in page.inner_text("main"), "the verified phone is shown masked, not editable"
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the form scrolls sideways on a phone by {overflow}px"

    page.fill("#id_name", "王兰芳")
    page.fill("#id_comment", "已改正姓名")
    page.click("#join-resubmit")
    page.wait_for_url(f"{live_server.url}/members/join/status/")
    assert "审核中" in page.inner_text("main")
    assert not problems, problems

    application.refresh_from_db()
    assert application.status == JoinStatus.SUBMITTED
    assert application.name == "王兰芳"
    assert application.phone == phone
    resubmit = ReviewEvent.objects.get(case=case, action=EventAction.RESUBMIT)
    assert "王兰方 → 王兰芳" in resubmit.comment
    assert "已改正姓名" in resubmit.comment
    assert JoinApplication.objects.filter(applicant=applicant).count() == 1
