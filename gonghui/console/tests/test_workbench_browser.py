"""The staff console's journeys of issue 13 on a 1440 px desktop (Debian chromium through Playwright): the home as
a workbench, a review case page showing the facts being decided, sign-in after a mistyped TOTP code, the 403 page
staying in the console. Screenshots under ``docs/screenshots/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_otp.oath import totp

from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = BROWSER_MARKS

SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}


def new_page(chromium: Any) -> tuple[Any, list[str]]:
    page = chromium.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def sign_in(page: Any, live_server: Any, user: Any, next_url: str = "/console/") -> None:
    page.goto(f"{live_server.url}/console/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_workbench_and_the_facts_of_a_join_application(chromium, live_server, world):
    from gonghui.members.joining.tests.sweep import apply_to
    from gonghui.members.models import GigType
    from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
    from gonghui.review.permissions import VIEW_CASE

    application = apply_to(world, employer=None, gig_type=GigType.RIDER, gig_platform="美团", work_region="330106")
    application.refresh_from_db()
    staff = world.staff("hz", application.target_unit, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER, VIEW_UNIT])
    page, problems = new_page(chromium)
    sign_in(page, live_server, staff)
    page.wait_for_url(f"{live_server.url}/console/")
    bench = page.inner_text("#workbench")
    assert "入会申请待选择工会" in bench  # a rider in a district with no joint union: the federation's queue
    assert "待我审核的事项" in bench
    shot(page, "console-workbench")

    page.click("#workbench a[href='/console/review/']")
    page.wait_for_url(f"{live_server.url}/console/review/")
    page.goto(f"{live_server.url}/console/review/cases/{application.review_case_id}/")
    facts = page.inner_text("#case-subject-facts")
    assert "美团" in facts and "西湖区" in facts and "330106" not in facts  # noqa: PT018
    assert application.id_masked in facts
    assert "members.join" not in page.inner_text("main")
    shot(page, "console-review-case")
    assert not problems, problems


def test_a_mistyped_totp_code_then_the_right_one(chromium, live_server, world):
    from gonghui.accounts.services import totp_device_pending
    from gonghui.authz.models import Role, RoleGrant
    from gonghui.authz.services import roles_sync

    roles_sync()
    clerk = world.staff("clerk", world.target, [VIEW_UNIT])
    RoleGrant.objects.create(user=clerk, role=Role.objects.get(code="clerk"), unit=world.target)
    device = totp_device_pending(actor=clerk)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    page, problems = new_page(chromium)
    sign_in(page, live_server, clerk)
    page.wait_for_url("**/console/login/otp/**")

    def code() -> str:
        device.refresh_from_db()
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"

    page.fill("#id_token", f"{(int(code()) + 1) % 10**6:06d}")
    page.click("button.btn-primary")
    page.wait_for_selector(".has-error .errorlist")
    assert "验证码不正确" in page.inner_text(".has-error")
    page.fill("#id_token", code())
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}/console/")

    assert not problems, problems


def test_the_console_403_page_stays_in_the_console(chromium, live_server, world):
    narrow = world.staff("narrow", world.target, [VIEW_UNIT])
    page, _problems = new_page(chromium)
    sign_in(page, live_server, narrow)
    page.wait_for_url(f"{live_server.url}/console/")
    response = page.goto(f"{live_server.url}/console/audit/")
    assert response is not None
    assert response.status == 403
    assert "返回会员服务首页" not in page.inner_text("body")
    page.click("#back-to-console")
    page.wait_for_url(f"{live_server.url}/console/")
