"""The roster on a 1440 px desktop (Debian chromium through Playwright): the search box shows its whole hint, date
columns stay on one line, and the unit filter is a search by name with the parent shown; screenshot under
``var/screenshots/``."""

from __future__ import annotations

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.console.tests.test_workbench_browser import new_page, shot, sign_in, use_demo_names

pytestmark = BROWSER_MARKS

# The placeholder's text width against the box's inner width, in the box's own font.
PLACEHOLDER_FITS = """el => {
  const style = getComputedStyle(el);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [ctx.measureText(el.placeholder).width, inner];
}"""
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set(Array.from(r.getClientRects()).map(b => Math.round(b.top))).size; }"""


def test_roster_search_dates_and_unit_picker(chromium, live_server, world):
    from gonghui.members.permissions import VIEW_MEMBER
    from gonghui.members.tests.factories import MemberFactory
    from gonghui.orgs.permissions import VIEW_UNIT

    use_demo_names(world)
    for n in range(3):
        MemberFactory(unit=world.child, name=["欧阳修", "司马光", "王兰芳"][n])
    staff = world.staff("roster", world.city, [VIEW_MEMBER, VIEW_UNIT])
    page, problems = new_page(chromium)
    sign_in(page, live_server, staff, next_url="/console/members/")
    page.wait_for_url(f"{live_server.url}/console/members/")

    width, inner = page.eval_on_selector("input[name=q]", PLACEHOLDER_FITS)
    assert width <= inner, (width, inner)  # the hint is not cut off
    cells = page.query_selector_all("#member-results td.date")
    assert cells
    assert all(cell.evaluate(LINES) == 1 for cell in cells)

    page.fill("#id_unit", "西湖")
    page.wait_for_selector(f"#unit-picker-unit-results input[value='{world.child.pk}']")
    options = page.inner_text("#unit-picker-unit-results")
    assert "杭州西湖数字科技有限公司工会委员会 · 西湖区总" in options
    assert "西湖区总工会 · 杭州" in options
    assert "拱墅" not in options
    shot(page, "console-roster-unit-picker")
    page.check(f"#unit-picker-unit-results input[value='{world.child.pk}']")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**unit={world.child.pk}**")
    assert page.is_checked(f"#unit-picker-unit-results input[value='{world.child.pk}']")
    assert page.input_value("#id_unit") == "西湖"
    assert "司马光" in page.inner_text("#member-results")
    assert not problems, problems
