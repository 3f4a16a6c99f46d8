"""Workers' congress journeys on a 390 px phone in Debian's chromium: a representative signs in to today's session
and votes on a secret and an open item (her choice shown nowhere afterwards); a proposal goes from the portal draft
through seconders and the proposal committee to a coded answer the proposer rates."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.congress.models import AgendaStatus, BallotReceipt, OpenVote, Proposal, ProposalStatus, SealedBallot
from gonghui.congress.permissions import HANDLE_PROPOSALS, VIEW_CONGRESS
from gonghui.congress.tests import factories as f

pytestmark = BROWSER_MARKS


def _phone(chromium: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_representative_signs_in_and_votes_on_a_phone(chromium, live_server, world):
    kit = f.congress_kit(world.child, reps=3)
    session = f.open_session(kit)
    f.sign_in_all(kit, session, kit.reps[1:])
    secret = f.item(session, secret=True, status=AgendaStatus.VOTING)
    shown = f.item(session, status=AgendaStatus.VOTING)
    page = _phone(chromium, live_server, kit.user(0))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + reverse("congress_portal:mine"))
    _no_sideways_scroll(page)
    page.click(f"#my-sessions a[href='{reverse('congress_portal:session_mine', args=[session.pk])}']")
    assert "未签到" in page.inner_text("#sign-in-status")
    assert page.locator("#vote-1").count() == 0  # no vote before signing in
    page.click("#sign-in")
    page.wait_for_selector("#vote-1")
    assert "已签到" in page.inner_text("#sign-in-status")
    page.check("#vote-1 input[value=against]")
    page.click("#vote-1 button[type=submit]")
    page.wait_for_selector("#voted-1")
    page.check("#vote-2 input[value=for]")
    page.click("#vote-2 button[type=submit]")
    page.wait_for_selector("#voted-2")
    _no_sideways_scroll(page)
    assert "against" not in page.content()
    assert SealedBallot.objects.filter(item=secret).count() == 1
    assert BallotReceipt.objects.filter(item=secret, representative=kit.reps[0]).exists()
    assert OpenVote.objects.get(item=shown).choice == "for"
    assert errors == []


def test_proposal_from_draft_to_coded_answer_on_a_phone(chromium, live_server, world):
    kit = f.congress_kit(world.child, reps=3)
    page = _phone(chromium, live_server, kit.user(0))
    page.goto(live_server.url + reverse("congress_portal:proposal_mine"))
    page.click("#proposal-new")
    page.fill("#id_title", "关于设立母婴室的提案")
    page.fill("#id_body", "研发楼女职工较多，建议设立母婴室。")
    page.click("#proposal-save")
    page.wait_for_selector("#proposal-invite")
    _no_sideways_scroll(page)
    page.click("#proposal-invite")
    page.wait_for_selector("#proposal-submit")
    proposal = Proposal.objects.get(title="关于设立母婴室的提案")
    detail = reverse("congress_portal:proposal_detail", args=[proposal.pk])
    for index in (1, 2):
        seconder = _phone(chromium, live_server, kit.user(index))
        seconder.goto(live_server.url + reverse("congress_portal:proposal_mine"))
        seconder.click(f"#to-second a[href='{detail}']")
        seconder.click("#proposal-second")
        seconder.wait_for_selector("#seconders")
    page.goto(live_server.url + detail)
    page.click("#proposal-submit")
    page.wait_for_selector("#proposal-status[data-status=submitted]")

    committee = login(Client(), world.staff("pc", world.child, [VIEW_CONGRESS, HANDLE_PROPOSALS]))
    console = reverse("congress:proposal_detail", args=[proposal.pk])
    committee.post(console, {"action": "decide", "outcome": "accept", "department": "行政部"})
    committee.post(console, {"action": "answer", "code": "A", "answer": "母婴室已于本月启用。"})

    page.goto(live_server.url + detail)
    assert "A 已采纳并落实" in page.inner_text("#proposal-code")
    page.check("#rate-form input[value=satisfied]")
    page.click("#proposal-rate")
    page.wait_for_selector("#proposal-status[data-status=closed]")
    _no_sideways_scroll(page)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.CLOSED
