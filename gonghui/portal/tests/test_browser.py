"""Main journeys in Debian's chromium (Playwright): a worker signs in with an SMS code; a staff member opens the
console and expands the org tree. They check what unit tests cannot: htmx swaps, the countdown script, the CSP."""

from __future__ import annotations

from gonghui.accounts.sms import read_outbox_code
from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = BROWSER_MARKS


def new_page(chromium, width=390, height=844):
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def test_worker_signs_in_with_an_sms_code(chromium, live_server):
    page, problems = new_page(chromium)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_phone", "13800138000")
    page.click("#send-code")
    page.wait_for_selector("#sms-status .p-ok")
    assert "138****8000" in page.inner_text("#sms-status")
    button = page.locator("#send-code")
    assert button.is_disabled()
    assert "秒后重新获取" in button.inner_text()

    code = read_outbox_code("13800138000")
    assert code
    page.fill("#id_code", code)
    page.click("button.p-btn-primary")
    page.wait_for_url(f"{live_server.url}/")
    assert "我的办事" in page.inner_text("main")
    page.click(".tabbar a[href='/me/']")
    assert "138****8000" in page.inner_text("main")
    assert not problems, problems


def test_staff_opens_the_console_and_expands_the_tree(chromium, live_server, world):
    staff = world.staff("browser", world.city, [VIEW_UNIT])
    page, problems = new_page(chromium, width=1280, height=900)
    page.goto(f"{live_server.url}/console/")
    page.wait_for_url("**/console/login/**")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}/console/")

    # The root is expanded on load (htmx), its children listed.
    page.wait_for_selector(f"#tree-children-{world.city.pk} .tree-node")
    assert world.target.name in page.inner_text(".tree")
    assert world.child.name not in page.inner_text(".tree")

    toggle = page.locator(f"button[aria-controls='tree-children-{world.target.pk}']")
    toggle.click()
    page.wait_for_selector(f"#tree-children-{world.target.pk} .tree-node")
    assert world.child.name in page.inner_text(".tree")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()  # folds again without a new request
    assert page.locator(f"#tree-children-{world.target.pk}").is_hidden()
    assert not problems, problems


def test_console_menu_folds_on_phones(chromium, live_server, world):
    staff = world.staff("phone", world.target, [VIEW_UNIT])
    page, problems = new_page(chromium)
    page.goto(f"{live_server.url}/console/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}/console/")
    sidebar = page.locator("#sidebar")
    assert sidebar.is_hidden()
    page.click(".nav-toggle")
    assert sidebar.is_visible()
    assert page.locator(".nav-toggle").get_attribute("aria-expanded") == "true"
    assert not problems, problems
