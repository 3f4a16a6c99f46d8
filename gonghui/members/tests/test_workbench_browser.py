"""The staff console's workbench and a review case page showing the facts being decided, on a 1440 px desktop
(Debian chromium through Playwright), with members' join applications as the waiting work; screenshots under
``var/screenshots/``."""

from __future__ import annotations

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.console.tests.test_workbench_browser import new_page, shot, sign_in, use_demo_names
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = BROWSER_MARKS


def test_workbench_and_the_facts_of_a_join_application(chromium, live_server, world):
    from gonghui.authz.models import Role
    from gonghui.members.joining.tests.sweep import apply_to
    from gonghui.members.models import GigType
    from gonghui.members.permissions import APPROVE_JOIN, VIEW_MEMBER
    from gonghui.review.permissions import VIEW_CASE

    application = apply_to(world, employer=None, gig_type=GigType.RIDER, gig_platform="美团", work_region="330106")
    application.refresh_from_db()
    staff = world.staff("hz", application.target_unit, [VIEW_CASE, APPROVE_JOIN, VIEW_MEMBER, VIEW_UNIT])
    staff.name = "西湖区总工会经办人"
    staff.save(update_fields=["name"])
    Role.objects.filter(grants__user=staff).update(name="经办人")
    use_demo_names(world)
    page, problems = new_page(chromium)
    sign_in(page, live_server, staff)
    page.wait_for_url(f"{live_server.url}/console/")
    bench = page.inner_text("#workbench")
    assert "入会申请待选择工会" in bench  # a rider in a district with no joint union: the federation's queue
    assert "待我审核的事项" in bench
    assert "CANARY" not in page.inner_text("body")  # the README's image shows the demo province's names
    assert "西湖区总" in page.inner_text(".topbar, header")
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
