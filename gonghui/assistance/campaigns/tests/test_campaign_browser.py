"""A union clerk delivers a campaign's goods on a 1440 px desktop in Debian's chromium: finds members of the union's
roster with the picker, lists two, ticks both and records the delivery, then reads the progress chart."""

from __future__ import annotations

from typing import Any

from gonghui.assistance.campaigns.tests import kit
from gonghui.assistance.models import CampaignRecipient, RecipientStatus
from gonghui.authz.testing import STAFF_PASSWORD, World
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot

pytestmark = BROWSER_MARKS


def test_clerk_lists_and_delivers_on_desktop(chromium: Any, live_server: Any, world: World) -> None:
    who = kit.people(world)
    campaign = kit.open_campaign(world, who, title="春节送温暖（慰问品）")
    first, second = kit.member(world), kit.member(world)
    page = chromium.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    recipients = f"/console/assistance/campaigns/{campaign.pk}/recipients/"
    page.goto(f"{live_server.url}/console/login/?next={recipients}")
    page.fill("#id_username", who.clerk.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}{recipients}")
    for member in (first, second):
        page.fill("#pick-q", member.name)
        page.click("#pick-search")
        page.locator("#pick-results tbody tr", has_text=member.name).get_by_role("button").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("#recipient-table tbody tr", has_text=member.name).count() == 1
    for box in page.locator("#recipient-table input[type=checkbox]").all():
        box.check()
    save_screenshot(page, "console-campaign-delivery")
    page.click("#deliver-selected")
    page.wait_for_load_state("networkidle")
    assert page.locator('#recipient-table [data-status="delivered"]').count() == 2
    assert CampaignRecipient.objects.filter(campaign=campaign, status=RecipientStatus.DELIVERED).count() == 2
    page.click("#tab-progress")
    page.wait_for_load_state("networkidle")
    assert page.locator("#progress-chart svg").count() == 1
    assert page.locator("#progress-delivered").inner_text().strip() == "2"
    save_screenshot(page.locator("#progress-chart"), "console-campaign-progress")
    assert not problems, "\n".join(problems)
