"""A judge scores on a 390 px phone in Debian's chromium: from the portal's contests page into the open stage, the
first entrant's score sheet (no other judge's score shown before submitting), submitted once, then the other
judges' scores appear and the next entrant is one tap away; a wrong number is refused on the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.contests.competitions.tests import kit as k
from gonghui.contests.models import JudgeScore

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


def test_judge_scores_on_a_phone(chromium, live_server, world):
    kit = k.contest_kit(world.target, entrants=2, judges=3)
    stage = k.open_stage(kit)
    first = k.entrants(stage)[0]
    k.score(first, kit.judges[1], theory="66.25", practice="71.5")
    page = _phone(chromium, live_server, kit.judges[0])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(live_server.url + reverse("contests_portal:competition_mine"))
    _no_sideways_scroll(page)
    page.click(f"#judge-stage-{stage.pk}")
    assert "已评 0 / 2" in page.inner_text("#judge-progress")
    page.click("#entrant-1")
    page.wait_for_selector("#score-form")
    assert "66.25" not in page.content()  # another judge's score stays hidden before submitting
    _no_sideways_scroll(page)

    page.fill("#id_theory", "101")
    page.fill("#id_practice", "88")
    page.evaluate("document.querySelector('#score-form').noValidate = true")
    page.click("#score-submit")
    page.wait_for_selector(".p-error")
    assert JudgeScore.objects.filter(judge=kit.judges[0]).count() == 0

    page.fill("#id_theory", "86.5")
    page.fill("#id_practice", "90.25")
    page.click("#score-submit")
    page.wait_for_selector("#my-scores")
    assert "66.25" in page.inner_text("#other-scores")
    assert page.locator("#score-form").count() == 0
    _no_sideways_scroll(page)
    mine = dict(JudgeScore.objects.filter(judge=kit.judges[0]).values_list("component", "value"))
    assert mine == {"theory": Decimal("86.50"), "practice": Decimal("90.25")}

    page.click("#next-entrant")
    page.wait_for_selector("#score-form")
    assert "2 号选手" in page.inner_text("h1")
    page.go_back()
    page.reload()
    assert page.locator("#score-form").count() == 0  # the sheet stays submitted
    assert errors == []
