"""A union clerk takes a collective bargaining case from the written request to filing on a desktop browser
(Debian's chromium, 1280 px): the request, the employer's written reply, three negotiators and a chief on each side,
a minuted session, the wage subject with the agreed increase, the draft, the all-staff vote (no workers' congress
at this union), the signing and the filing with the labour department; each deadline on the case page."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import login
from gonghui.bargaining.models import BargainingCase, CaseDeadline, CaseEvent, CaseStatus, DeadlineKind
from gonghui.bargaining.permissions import MANAGE_BARGAINING, VIEW_BARGAINING
from gonghui.bargaining.tests import factories as f
from gonghui.common.testing.browser import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_clerk_takes_a_case_from_request_to_filing(chromium, live_server, world):
    employer = f.employer_of(world.child, staff=60, name="西溪精密机械有限公司")
    clerk = world.staff("bclerk", world.child, [VIEW_BARGAINING, MANAGE_BARGAINING])
    client = login(Client(), clerk)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    today = timezone.localdate().isoformat()

    page.goto(live_server.url + reverse("bargaining:case_list"))
    page.click("#case-new")
    page.select_option("#id_unit", str(world.child.pk))
    page.select_option("#id_level", "employer")
    page.select_option("#id_kind", "wage")
    page.select_option("#id_employer", str(employer.pk))
    page.fill("#id_title", "西溪精密机械 2027 年度工资专项集体合同")
    page.fill("#id_requested_on", today)
    page.click("#case-save")
    page.wait_for_selector("#case-status")
    assert "已提出协商要约" in page.inner_text("#case-status")
    assert "10 个工作日" in page.inner_text("#case-deadlines")

    page.check("#reply-form input[value='1']")
    page.fill("#id_reply-replied_on", today)
    page.click("#reply-save")
    page.wait_for_selector("#case-status >> text=已回应同意协商")

    for side in ("union", "employer"):
        for i in range(3):
            page.select_option("#id_negotiator-side", side)
            page.fill("#id_negotiator-name", f"{side}代表{i}")
            if i == 0:
                page.check("#id_negotiator-is_chief")
            page.click("#negotiator-save")
            page.wait_for_selector(f"#case-negotiators >> text={side}代表{i}")
    page.click("#open-save")
    page.wait_for_selector("#case-status >> text=协商中")

    page.fill("#id_session-held_on", today)
    page.fill("#id_session-minutes", "双方就 2027 年工资增长幅度达成一致。")
    page.check("#id_session-signed")
    page.click("#session-save")
    page.wait_for_selector("#session-1")
    page.select_option("#id_subject-subject", "wages")
    page.fill("#id_subject-content", "职工平均工资增长 6%，一线职工不低于 7%。")
    page.fill("#id_subject-wage_increase", "6")
    page.click("#subject-save")
    page.wait_for_selector("#case-subjects >> text=工资增长 6.00%")
    page.click("#draft-save")
    page.wait_for_selector("#case-status >> text=草案待审议")
    assert "15 个工作日" in page.inner_text("#case-deadlines")

    page.fill("#id_staffvote-total", "60")
    page.fill("#id_staffvote-votes_for", "45")
    page.fill("#id_staffvote-votes_against", "3")
    page.fill("#id_staffvote-voted_on", today)
    page.click("#vote-save")
    page.wait_for_selector("#case-status >> text=草案已通过")

    page.fill("#id_sign-signed_on", today)
    page.fill("#id_sign-term_months", "12")
    page.click("#sign-save")
    page.wait_for_selector("#case-status >> text=已签订")
    assert "10 日（末日遇节假日顺延）" in page.inner_text("#case-deadlines")

    page.fill("#id_file-filed_on", today)
    page.fill("#id_file-labour_department", "西湖区人力资源和社会保障局")
    page.click("#file-save")
    page.wait_for_selector("#case-status >> text=已报送审查")
    assert "西湖区人力资源和社会保障局" in page.inner_text("#case-filed")

    case = BargainingCase.objects.get(title="西溪精密机械 2027 年度工资专项集体合同")
    assert case.status == CaseStatus.FILED
    assert case.votes_for == 45
    kinds = set(CaseDeadline.objects.filter(case=case, met_on__isnull=False).values_list("kind", flat=True))
    assert kinds == {DeadlineKind.REPLY, DeadlineKind.VOTE, DeadlineKind.FILING}
    assert CaseDeadline.objects.filter(case=case, kind=DeadlineKind.OBJECTION, met_on__isnull=True).exists()
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["request", "reply", "open", "session", "draft", "vote_pass", "sign", "file"]
    assert errors == []
