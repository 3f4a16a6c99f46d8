"""A worker's rational suggestion on a 390 px phone in Debian's chromium: file it with a photo from the camera
(a double click files one), follow it through review, adoption and implementation with the value it creates, then
see the reward and its payment, read back from finance, on the suggestion's page."""

from __future__ import annotations

import io

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.congress.models import Suggestion, SuggestionStatus
from gonghui.congress.suggestions import services
from gonghui.congress.suggestions.tests import factories as f

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (48, 32), (30, 120, 60)).save(buf, format="PNG")
    return buf.getvalue()


def test_worker_suggestion_to_reward_on_a_phone(chromium, live_server, world):
    staff = f.handler(world)
    who = f.member(world)
    client = Client()
    client.force_login(f.u(who))
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
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url

    page.goto(base + reverse("congress_portal:suggestion_mine"))
    _no_sideways_scroll(page)
    page.click("#suggestion-new")
    page.fill("#id_title", "冲压车间边角料分类回收")
    page.fill("#id_body", "现状：边角料混装外运。\n建议：按材质分类回收再利用。")
    page.select_option("#id_category", "节能降耗")
    assert page.get_attribute("#suggestion-form input[type=file]", "capture") == "environment"  # the phone camera
    page.set_input_files(
        "#suggestion-form input[type=file]",
        files=[{"name": "xianchang.png", "mimeType": "image/png", "buffer": _photo()}],
    )
    _no_sideways_scroll(page)
    page.dblclick("#suggestion-submit")
    page.wait_for_selector("#suggestion-steps")
    assert page.get_attribute("#suggestion-status", "data-status") == SuggestionStatus.SUBMITTED
    assert "xianchang.png" in page.inner_text("#suggestion-files")
    assert Suggestion.objects.filter(member=who).count() == 1
    _no_sideways_scroll(page)

    suggestion = Suggestion.objects.get(member=who)
    suggestion = services.suggestion_review(actor=staff, suggestion=suggestion)
    page.reload()
    assert page.get_attribute("#suggestion-status", "data-status") == SuggestionStatus.IN_REVIEW

    suggestion = services.suggestion_decide(actor=staff, suggestion=suggestion, adopt=True, comment="经评审予以采纳")
    suggestion = services.suggestion_implement(
        actor=staff,
        suggestion=suggestion,
        implemented_on=timezone.localdate(),
        money_saved="86000.00",
        hours_saved="320.0",
    )
    page.reload()
    assert "经评审予以采纳" in page.inner_text("#suggestion-comment")
    assert "86000.00" in page.inner_text("#suggestion-value")

    services.suggestion_reward(actor=staff, suggestion=suggestion, amount="2000.00")
    page.reload()
    page.wait_for_selector("#suggestion-reward")
    assert "2000.00" in page.inner_text("#suggestion-reward-amount")
    assert page.get_attribute("#suggestion-payment", "data-status") == "requested"
    assert page.get_attribute("#suggestion-status", "data-status") == SuggestionStatus.REWARDED
    _no_sideways_scroll(page)
    assert errors == []
    context.close()
