"""The worker's portal journeys of issue 13 on a 390 px phone (Debian chromium through Playwright): what the home
offers, the join form, my cases and profile, the member card and its check. Each saves a screenshot under
``var/screenshots/``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import Client

from gonghui.accounts.models import User
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot
from gonghui.members.joining.tests.sweep import employer_in

pytestmark = BROWSER_MARKS

PHONE = {"width": 390, "height": 844}


def signed_in_page(chromium: Any, live_server: Any, user: User, viewport: dict[str, int] = PHONE) -> tuple[Any, list]:
    """A page whose browser carries ``user``'s session (as after SMS sign-in), collecting console errors."""
    client = Client()
    client.force_login(user, backend="gonghui.accounts.backends.SmsCodeBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = chromium.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def shot(page: Any, name: str) -> None:
    save_screenshot(page, name, full_page=True)


def worker(phone: str, name: str = "") -> User:
    return User.objects.create_user(username=phone, phone=phone, name=name)


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_join_form_on_a_phone(chromium, live_server, world):
    employer_in(world.child, "杭州浏览器测试科技有限公司")
    page, problems = signed_in_page(chromium, live_server, worker("13800138201"))
    page.goto(f"{live_server.url}/")
    tiles = page.inner_text(".p-tiles")
    assert "入会" in tiles and "会员卡" not in tiles  # noqa: PT018
    page.goto(f"{live_server.url}/members/join/")

    # Radios are small controls inside a 44 px+ row with their label beside them, not 48 px boxes.
    radio = box(page, "#id_mode_0")
    assert radio["width"] < 30 and radio["height"] < 30  # noqa: PT018
    row = box(page, "label[for=id_mode_0]")
    assert row["height"] >= 44
    assert row["width"] > 300
    # Selects are styled like the text inputs.
    assert box(page, "#id_id_type")["height"] >= 44
    # Only the section that applies: the employer search, not the gig details.
    assert page.locator("[data-join-section=gig]").is_hidden()
    assert page.locator("[data-join-section=employer]").is_visible()
    page.check("#id_mode_1")
    assert page.locator("[data-join-section=employer]").is_hidden()
    assert page.locator("[data-join-section=gig]").is_visible()
    # Focus is visible on inputs: a 3 px outline.
    page.focus("#id_name")
    assert page.eval_on_selector("#id_name", "e => getComputedStyle(e).outlineWidth") == "3px"
    assert page.get_attribute("#id_name", "autocomplete") == "name"

    # Errors say what is wrong, at the field and in a summary at the top.
    page.click("#join-submit")
    page.wait_for_selector("#form-errors")
    summary = page.inner_text("#form-errors")
    assert "请填写您的姓名" in summary
    assert "请选择从业类型" in summary
    assert "该字段是必填项" not in page.inner_text("main")
    assert page.get_attribute("#id_name", "aria-invalid") == "true"
    assert page.locator("[data-join-section=gig]").is_visible()  # the chosen mode stays
    assert page.locator("[data-join-section=employer]").is_hidden()
    shot(page, "portal-join-errors")
    # Every control in the form is at least 44 px high.
    heights = page.eval_on_selector_all(
        "form.p-form input:not([type=hidden]):not([type=radio]), form.p-form select, form.p-form button",
        "els => els.filter(e => e.offsetParent).map(e => [e.id || e.name, e.getBoundingClientRect().height])",
    )
    assert all(h >= 44 for _name, h in heights), heights
    assert not problems, problems


def test_my_cases_and_withdrawal_on_a_phone(chromium, live_server, world):
    from gonghui.members.joining.tests.sweep import apply_to

    applicant = worker("13800138202", name="林小英")
    apply_to(world, applicant=applicant, name="林小英")
    page, problems = signed_in_page(chromium, live_server, applicant)
    page.goto(f"{live_server.url}/cases/")
    item = page.locator("a.review-my-case-link").first
    assert item.bounding_box()["height"] >= 44
    assert "工会工会" not in page.inner_text("main")
    item.click()
    page.wait_for_url(f"{live_server.url}/members/join/status/")
    main = page.inner_text("main")
    assert "林小英" in main  # own name, unmasked
    assert "预计" in main
    assert "12351" in main
    shot(page, "portal-join-status")

    # Withdrawing asks first: dismissing keeps the application.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#join-withdraw")
    assert "撤回申请" in page.inner_text("main")
    assert "已撤回，不再办理" not in page.inner_text("main")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#join-withdraw")
    page.wait_for_selector("text=已撤回，不再办理")
    assert "待办理" not in page.inner_text("main")
    assert not problems, problems


def test_profile_and_member_card_on_a_phone(chromium, live_server, world):
    from gonghui.members.cards.tests.sweep import issued_card
    from gonghui.members.tests.factories import MemberFactory

    world.child.short_name = "西湖数字科技工会"
    world.child.save(update_fields=["short_name"])
    user = worker("13800138203")  # an approved member whose account has no name
    member = MemberFactory.create(user=user, unit=world.child, name="王兰芳", member_no="HY330000000321")
    with transaction.atomic():
        issued_card(member)
    page, problems = signed_in_page(chromium, live_server, user)

    page.goto(f"{live_server.url}/")
    tiles = page.inner_text(".p-tiles")
    assert "会员卡" in tiles
    assert "入会" not in tiles.replace("入会时间", "")

    page.goto(f"{live_server.url}/me/")
    main = page.inner_text("main")
    assert "未填写姓名" not in main
    assert "王兰芳" in main
    assert "HY330000000321" in main
    assert "不能在这里修改" in main
    shot(page, "portal-profile")

    page.goto(f"{live_server.url}/members/card/")
    qr = page.get_attribute("#verify-link", "href") or ""
    assert len(qr) < 160, qr
    assert page.get_attribute("#card-qr", "hx-trigger") == "every 60s"
    shot(page, "portal-member-card")

    response = page.goto(qr)
    assert response is not None and response.status == 200  # noqa: PT018
    page.wait_for_selector("#verify-result[data-state=valid]")
    result = page.inner_text("#verify-result")
    assert "有效会员" in result and "王*芳" in result and "西湖数字科技工会" in result  # noqa: PT018
    assert "核验时间" in result
    assert page.locator(".tabbar").count() == 0
    shot(page, "portal-verify-valid")

    response = page.goto(f"{live_server.url}/verify/not-a-token/")
    assert response is not None and response.status == 404  # noqa: PT018
    assert page.locator("#verify-result[data-state=invalid]").count() == 1
    unexpected = [p for p in problems if "404" not in p]  # the invalid token's page answers 404 on purpose
    assert not unexpected, unexpected
