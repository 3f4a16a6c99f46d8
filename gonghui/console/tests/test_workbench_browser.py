"""The staff console's journeys of issue 13 on a 1440 px desktop (Debian chromium through Playwright): sign-in after
a mistyped TOTP code, the 403 page staying in the console (the workbench and a review case page with its facts are
in ``gonghui/members/tests/test_workbench_browser.py``: they need a module's data). Helpers used there too."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp

from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = BROWSER_MARKS

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


# The demo province's names (``make run``'s data) for the units of the test world, so that screenshots shown in the
# README look like the demo rather than the authorization matrix.
DEMO_NAMES = {
    "province": ("浙江省总工会", "浙江省总"),
    "city": ("杭州市总工会", "杭州"),
    "target": ("西湖区总工会", "西湖区总"),
    "child": ("杭州西湖数字科技有限公司工会委员会", "西湖数字科技工会"),
    "sibling": ("拱墅区总工会", "拱墅区总"),
}


def use_demo_names(world: Any) -> None:
    from gonghui.orgs.models import OrgUnit

    for attr, (name, short_name) in DEMO_NAMES.items():
        OrgUnit.objects.filter(pk=getattr(world, attr).pk).update(name=name, short_name=short_name)
    world.refresh()


def shot(page: Any, name: str) -> None:
    save_screenshot(page, name, full_page=True)


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
