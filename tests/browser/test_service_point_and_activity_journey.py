"""A worker finds the nearest service point on a 390 px phone in Debian's chromium: the browser's position (set by
the test) sorts the public points in the page, nearest first, on a plain SVG around the position; the service
worker keeps the page and the points, so that with the phone offline the page still opens and sorts them; back
online, the worker opens the point (hours, a ``geo:`` link) and reports a problem, and sees it waiting; then, a
member, she finds an activity held at that point among the open activities and signs up for it."""

from __future__ import annotations

from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS, PHONE, signed_in_context
from gonghui.worker_services.models import PointReport, SignUp, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES
from gonghui.worker_services.points.tests import factories as f
from gonghui.worker_services.tests import factories as wf

pytestmark = BROWSER_MARKS

HERE = {"latitude": 30.2741, "longitude": 120.1551}


def test_worker_finds_the_nearest_point_offline_too(chromium, live_server, world):
    near = f.point(world, name="近处驿站", latitude="30.274500", longitude="120.155500")
    f.point(world, name="远处驿站", latitude="30.300000", longitude="120.200000")
    f.point(world, name="宁波驿站", latitude="29.870680", longitude="121.552620")
    f.point(world, name="未公开驿站", latitude="30.274200", longitude="120.155200", published=False)
    member = wf.member(world.child)
    worker = member.user
    organiser = world.staff("acts", world.province, [VIEW_ACTIVITIES, MANAGE_ACTIVITIES])
    activity = wf.published_activity(organiser, world.province, places=5, title="近处驿站户外劳动者义诊")
    context = signed_in_context(chromium, live_server, worker, **PHONE, geolocation=HERE, permissions=["geolocation"])
    phone = context.new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    url = live_server.url + reverse("worker_services_portal:point_map")

    phone.goto(url)
    first = phone.locator("#near-list li").first
    first.wait_for(timeout=10_000)
    assert "近处驿站" in first.inner_text()
    names = phone.locator("#near-list li strong").all_inner_texts()
    assert [n.split(". ", 1)[1] for n in names] == ["近处驿站", "远处驿站", "宁波驿站"]
    assert phone.locator("#near-map circle").count() >= 4  # three points and "you are here"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The service worker takes over; then the phone loses its signal and the page still opens with the points.
    phone.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15_000)
    context.set_offline(True)
    phone.reload()
    phone.locator("#near-list li").first.wait_for(timeout=10_000)
    assert "近处驿站" in phone.locator("#near-list li").first.inner_text()
    context.set_offline(False)

    phone.locator("#near-list li a").first.click()
    phone.wait_for_url(f"**/services/points/{near.pk}/")
    assert phone.locator("#point-navigate").get_attribute("href").startswith("geo:30.274500,120.155500")
    phone.click("#point-report")
    phone.select_option("#id_kind", "facility")
    phone.fill("#id_description", "饮水机没有热水")
    phone.click("#report-submit")
    phone.wait_for_url("**/services/points/reports/*/")
    assert phone.locator("#report-status").get_attribute("data-status") == "open"
    assert PointReport.objects.filter(point=near, reporter=worker).count() == 1

    # The activity at that point: the open activities, its page, sign up (one place of five), her sign-ups.
    phone.goto(live_server.url + reverse("worker_services_portal:activities"))
    phone.click("#activity-list >> text=近处驿站户外劳动者义诊")
    phone.wait_for_selector("#signup-submit")
    phone.click("#signup-submit")
    phone.wait_for_selector("#my-signups")
    assert "报名成功" in phone.inner_text("#my-signups")
    assert SignUp.objects.get(activity=activity, member=member).status == SignUpStatus.CONFIRMED
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not errors, errors
    context.close()
