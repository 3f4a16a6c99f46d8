"""A worker on a 390 px phone in Debian's chromium finds an open activity, signs up (the last place), sees it among
her sign-ups; a second worker on the same page gets the waiting list and her position; she cancels and is promoted
off the list."""

from __future__ import annotations

from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS, PHONE, signed_in_context
from gonghui.worker_services.models import SignUp, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.tests import factories as f

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _phone(chromium, live_server, user):
    return signed_in_context(chromium, live_server, user, **PHONE).new_page()


def test_worker_signs_up_for_an_activity_on_a_phone(chromium, live_server, world):
    clerk = world.staff("acts", world.province, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    activity = f.published_activity(clerk, world.province, places=1, title="职工羽毛球友谊赛")
    me = f.member(world.child)
    page = _phone(chromium, live_server, me.user)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url

    page.goto(base + reverse("worker_services_portal:activities"))
    _no_sideways_scroll(page)
    page.click("#activity-list >> text=职工羽毛球友谊赛")
    page.wait_for_selector("#signup-submit")
    assert "1 / 1" in page.inner_text("#activity-free")
    _no_sideways_scroll(page)
    page.click("#signup-submit")
    page.wait_for_selector("#my-signups")
    assert "报名成功" in page.inner_text("#my-signups")
    assert SignUp.objects.get(activity=activity, member=me).status == SignUpStatus.CONFIRMED

    other = f.member(world.child)
    second = _phone(chromium, live_server, other.user)
    second.goto(base + reverse("worker_services_portal:activity_detail", args=[activity.pk]))
    second.click("#signup-submit")
    second.wait_for_selector("#my-signups")
    assert "候补第 1 位" in second.inner_text("#my-signups")

    page.goto(base + reverse("worker_services_portal:activity_detail", args=[activity.pk]))
    page.click("#signup-cancel")
    page.wait_for_selector("#my-signups")
    assert SignUp.objects.get(activity=activity, member=other).status == SignUpStatus.CONFIRMED
    _no_sideways_scroll(page)
    assert not errors
