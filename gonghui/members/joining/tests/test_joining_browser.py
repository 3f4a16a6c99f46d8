"""A worker joins online on a phone-sized screen (Debian chromium through Playwright): SMS sign-in, the join
form with the htmx employer search, the union approves, the member card with its QR code, the public check."""

from __future__ import annotations

from gonghui.accounts.sms import read_outbox_code
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.members.cards.tests.sweep import CHILD_SHORT_NAME
from gonghui.members.joining.tests.sweep import employer_in
from gonghui.members.models import JoinApplication
from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
from gonghui.members.tests.factories import resident_id
from gonghui.review.models import ReviewCase
from gonghui.review.permissions import VIEW_CASE
from gonghui.review.services import case_act

pytestmark = BROWSER_MARKS


def test_worker_joins_online_and_gets_a_member_card(chromium, live_server, world):
    world.child.short_name = CHILD_SHORT_NAME
    world.child.save(update_fields=["short_name"])
    employer_in(world.child, "杭州浏览器测试科技有限公司")
    phone = "13800138123"
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/members/join/")
    page.wait_for_url("**/login/**")
    page.fill("#id_phone", phone)
    page.click("#send-code")
    page.wait_for_selector("#sms-status .p-ok")
    page.fill("#id_code", read_outbox_code(phone) or "")
    page.click("button.p-btn-primary")
    page.wait_for_url(f"{live_server.url}/members/join/")

    page.fill("#id_name", "林小英")
    page.fill("#id_id_number", resident_id(4242))
    page.fill("#id_employer_q", "浏览器测试")
    page.wait_for_selector("#employer-results input[name=employer]")
    page.check("#employer-results input[name=employer]")
    page.click("#join-submit")
    page.wait_for_url(f"{live_server.url}/members/join/status/")
    assert "审核中" in page.inner_text("main")

    application = JoinApplication.objects.get(applicant__phone=phone)
    reviewer = world.staff("browserrev", world.child, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER])
    case = ReviewCase.objects.get(pk=application.review_case_id or 0)
    case_act(actor=reviewer, case=case, action="approve", comment="同意", expected_version=case.version)

    page.reload()
    assert "已通过" in page.inner_text("main")
    page.click("text=查看会员卡")
    page.wait_for_url(f"{live_server.url}/members/card/")
    card = page.inner_text("#member-card")
    assert "林小英" in card and CHILD_SHORT_NAME in card  # noqa: PT018
    assert page.locator("#member-card svg").count() == 1
    page.click("#verify-link")
    page.wait_for_selector("#verify-result[data-state=valid]")
    assert "林*英" in page.inner_text("#verify-result")
    assert not problems, problems
