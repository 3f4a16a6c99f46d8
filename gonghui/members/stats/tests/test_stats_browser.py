"""The statistics page in Debian's chromium, under the real Content-Security-Policy: plotly.js (from the PyPI
``plotly`` wheel) draws every chart from the ``json_script`` data, with no CSP violation and no script error."""

from __future__ import annotations

from typing import Any

from gonghui.authz.testing import STAFF_PASSWORD, World
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.members.permissions import VIEW_STATS
from gonghui.members.stats.selectors import DIMENSIONS
from gonghui.members.stats.staticfinders import FILENAME, plotly_js_dir
from gonghui.members.stats.tests.test_stats import make_member

pytestmark = BROWSER_MARKS


def test_charts_draw_under_csp(chromium: Any, live_server: Any, world: World) -> None:
    from django.core.cache import cache

    cache.clear()
    for gender, gig in (("M", ""), ("F", "rider"), ("F", "courier")):
        make_member(world.child, gender=gender, gig_type=gig)
    make_member(world.target)
    staff = world.staff("stats", world.target, [VIEW_STATS])  # not sensitive: no TOTP step
    folder = plotly_js_dir()
    assert folder is not None
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} @ {m.location}")
            if "Content Security Policy" in m.text or m.type == "error"
            else None
        ),
    )
    # The live server's WhiteNoise listed its finders before this test could add PlotlyFinder (tested
    # separately): hand the browser the same file the finder serves.
    page.route("**/static/vendor/plotly.min.js", lambda route: route.fulfill(path=str(folder / FILENAME)))
    page.goto(f"{live_server.url}/console/login/?next=/console/members/stats/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server.url}/console/members/stats/")
    page.wait_for_selector("#chart-gender .main-svg")
    for dim in DIMENSIONS:
        assert page.locator(f"#chart-{dim.key}.is-drawn .main-svg").count() >= 1, dim.key
    assert page.locator("#chart-gender .slice").count() == 2
    assert page.locator("#chart-unit .point").count() == 2
    # plotly.js's rules come from members/plotly.css: its SVG layers are stacked, not laid out one below another
    assert page.eval_on_selector("#chart-gender .main-svg", "e => getComputedStyle(e).position") == "absolute"
    # plotly.js still sets one inline style attribute at run time, which the CSP blocks without visible effect
    # (the charts above are drawn and laid out); anything else (script-src, eval, errors) fails the test.
    problems = [p for p in problems if not ("style-src" in p and "vendor/plotly.min.js" in p)]
    assert not problems, "\n".join(problems)
