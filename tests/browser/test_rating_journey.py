"""A worker rates a completed service on a 390 px phone in Debian's chromium (the portal tile, 待评价, the form,
我的评价); the rating is poor, so the union's clerk finds it in the console's follow-up queue (desktop) and records
the return visit; the worker then sees the union's visit in 我的评价."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.ratings.models import FollowUp, Rating
from gonghui.ratings.permissions import FOLLOW_UP
from gonghui.ratings.tests import factories

pytestmark = BROWSER_MARKS


def _context(chromium: Any, live_server: Any, client: Client, **options: Any) -> Any:
    context = chromium.new_context(locale="zh-CN", **options)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_rates_on_a_phone_and_the_clerk_follows_up(chromium, live_server, world):
    factories.register()
    try:
        pk = factories.service(world)
        base = live_server.url
        worker_client = Client()
        worker_client.force_login(world.member)
        phone = _context(
            chromium, live_server, worker_client, viewport={"width": 390, "height": 844}, is_mobile=True
        ).new_page()
        errors: list[str] = []
        phone.on("pageerror", lambda e: errors.append(str(e)))

        phone.goto(base + "/")
        phone.click(f"a[href='{reverse('ratings_portal:pending')}']")
        phone.wait_for_selector("#pending")
        _no_sideways_scroll(phone)
        phone.click(f"a[href='{reverse('ratings_portal:rate', args=[factories.KIND, pk])}']")
        phone.wait_for_selector("#rate-form")
        _no_sideways_scroll(phone)
        phone.check("input[name=score][value='2']")
        phone.fill("textarea[name=comment]", "排队等了很久。")
        phone.click("#rate-submit")
        phone.wait_for_selector("#ratings")
        assert "排队等了很久。" in phone.inner_text("#ratings")
        rating = Rating.objects.get(kind=factories.KIND, object_id=pk)
        assert (rating.score, rating.follow_up) == (2, FollowUp.WAITING)

        clerk = world.actor("same_with", FOLLOW_UP)
        desk = _context(chromium, live_server, login(Client(), clerk), viewport={"width": 1280, "height": 900})
        console = desk.new_page()
        console.goto(base + reverse("ratings:queue"))
        console.click(f"a[href='{reverse('ratings:detail', args=[rating.pk])}']")
        console.wait_for_selector("#follow-up-form")
        console.fill("#id_visitor", "王干事")
        console.fill("#id_visited_on", timezone.localdate().isoformat())
        console.fill("#id_note", "电话回访，已说明排队原因并改进预约。")
        console.click("#follow-up-save")
        console.wait_for_selector("#rating-follow-up[data-follow-up='done']")
        assert Rating.objects.get(pk=rating.pk).visitor == "王干事"

        phone.goto(base + reverse("ratings_portal:mine"))
        assert "工会回访" in phone.inner_text("#ratings")
        assert errors == []
    finally:
        factories.unregister()
