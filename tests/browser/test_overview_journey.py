"""The one-screen overview in Debian's chromium: the province's staff open the console home, see the overview of
the whole province, follow a figure to the module's list behind it (filtered to the province) and drill into a
city."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.utils import timezone
from django_otp.oath import totp

from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.congress.models import ProposalStatus
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.tests.factories import congress_kit, proposal
from gonghui.orgs.permissions import VIEW_UNIT
from gonghui.overview.permissions import VIEW_OVERVIEW
from gonghui.overview.selectors import refresh_overviews

pytestmark = BROWSER_MARKS


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/console/")
    page.wait_for_url("**/console/login/**")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(re.compile(r".*/console/(login/otp/.*)?$"))
    if "/otp/" in page.url:
        secret = page.inner_text("code.secret").replace(" ", "")
        page.fill("#id_token", f"{totp(b32decode(secret)):06d}")
        page.click("form button.btn-primary")
    page.wait_for_url(f"{base}/console/")


def test_province_staff_see_the_overview_follow_a_figure_and_drill_into_a_city(page, live_server, world):
    staff = world.staff("prov", world.province, [VIEW_OVERVIEW, VIEW_CONGRESS, VIEW_UNIT])
    kit = congress_kit(world.child, reps=2)
    proposal(kit, status=ProposalStatus.SUBMITTED, submitted_at=timezone.now(), title="关于增设职工夜班食堂的提案")
    refresh_overviews()
    base = live_server.url

    _sign_in(page, base, staff.username)
    overview = page.locator("#overview")
    assert "一屏总览" in overview.inner_text()
    assert world.province.name in overview.inner_text()
    figure = overview.locator("[data-figure='congress.proposals.waiting'] a")
    assert figure.locator(".overview-value").inner_text().strip() == "1"
    assert page.locator("#workbench").is_visible()  # the workbench stays below

    figure.click()
    page.wait_for_url(re.compile(rf".*/console/congress/proposals/\?.*unit={world.province.pk}.*"))
    assert "关于增设职工夜班食堂的提案" in page.inner_text("main")

    page.goto(f"{base}/console/")
    page.locator("#overview table a", has_text=world.city.name).click()
    page.wait_for_url(f"{base}/console/overview/{world.city.pk}/")
    assert world.city.name in page.inner_text("#overview-title")
    assert page.locator("[data-figure='congress.proposals.waiting'] .overview-value").inner_text().strip() == "1"
    assert "数据更新于" in page.inner_text("#overview")
    assert page.errors == []
