"""A retiree signs up for a club activity on a 390 px phone in Debian's chromium: the portal's club page shows the
upcoming activity of her club; she signs up (a second tap changes nothing), sees that she has, and cancels."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS, PHONE, signed_in_context
from gonghui.retirees.models import ActivitySignup, SignupStatus
from gonghui.retirees.tests import factories as f

pytestmark = BROWSER_MARKS


def _page(chromium: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    page = signed_in_context(chromium, live_server, user, **PHONE).new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def test_retiree_signs_up_for_a_club_activity_on_a_phone(chromium, live_server, world):
    member = f.retiree(world, name="陈桂英")
    club = f.club(world, members=(member,))
    activity = f.activity(club, capacity=20, title="重阳书画展布展")
    errors: list[str] = []
    page = _page(chromium, live_server, f.u(member), errors)
    page.goto(live_server.url + reverse("retirees_portal:my_clubs"))
    card = f"#activity-{activity.pk}"
    page.wait_for_selector(card)
    assert "重阳书画展布展" in page.inner_text(card)
    page.click(f"{card} button[value=signup]")
    page.wait_for_selector(f"{card} button[value=cancel]")
    assert "您已报名" in page.inner_text(card)
    assert ActivitySignup.objects.filter(activity=activity, member=member, status=SignupStatus.SIGNED).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click(f"{card} button[value=cancel]")
    page.wait_for_selector(f"{card} button[value=signup]")
    assert ActivitySignup.objects.get(activity=activity, member=member).status == SignupStatus.CANCELLED
    assert errors == []
