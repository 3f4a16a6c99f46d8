"""The statistics page in Debian's chromium, under the real Content-Security-Policy: every chart is SVG drawn on
the server (no chart library), the page loads well under 1 MB of JavaScript, with no CSP violation and no script
error (issue 13: plotly.js was 4.8 MB and needed an inline style)."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import STAFF_PASSWORD, World
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot
from gonghui.members.permissions import VIEW_STATS
from gonghui.members.stats.selectors import DIMENSIONS
from gonghui.members.stats.tests.test_stats import make_member

pytestmark = BROWSER_MARKS


def test_charts_draw_under_csp(chromium: Any, live_server: Any, world: World) -> None:
    from django.core.cache import cache

    cache.clear()
    for gender, gig in (("M", ""), ("F", "rider"), ("F", "courier")):
        make_member(world.child, gender=gender, gig_type=gig)
    make_member(world.target)
    staff = world.staff("stats", world.target, [VIEW_STATS])  # not sensitive: no TOTP step
    page = chromium.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    problems: list[str] = []
    scripts: dict[str, int] = {}
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} @ {m.location}")
            if "Content Security Policy" in m.text or m.type == "error"
            else None
        ),
    )

    def count(response: Any) -> None:
        if response.request.resource_type == "script":
            scripts[response.url] = len(response.body())

    page.on("response", count)
    page.goto(f"{live_server.url}/console/login/?next=/console/members/stats/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}/console/members/stats/")
    page.wait_for_load_state("networkidle")
    for dim in DIMENSIONS:
        assert page.locator(f"#chart-{dim.key} svg.chart").count() == 1, dim.key
    assert page.locator("#chart-gender svg path").count() == 2  # two slices
    assert page.locator("#chart-unit svg rect[height]").count() >= 2
    assert sum(scripts.values()) < 1_000_000, scripts
    assert not any("plotly" in url for url in scripts)
    save_screenshot(page.locator("#chart-gender"), "console-stats-chart")
    assert not problems, "\n".join(problems)
