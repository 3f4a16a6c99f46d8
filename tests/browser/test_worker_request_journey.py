"""A worker's request on a 390 px phone in Debian's chromium: file it anonymously with a photo from the camera (a
double click files one), the union's clerk answers it in the console (desktop), the worker rates it poorly and it
is reopened, the clerk answers again, the worker rates it well and it is closed. The clerk sees who filed it; a
colleague who may only view the union's requests sees "匿名职工"."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.legal_aid.models import RequestStatus, WorkerRequest
from gonghui.legal_aid.requests.tests import factories as f

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


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (48, 32), (160, 40, 40)).save(buf, format="PNG")
    return buf.getvalue()


def test_worker_request_answer_and_rating_on_a_phone(chromium, live_server, world):
    category = f.category("wages", days=5)
    member = f.worker(world, name=f.SECRET_NAME)
    worker_client = Client()
    worker_client.force_login(f.u(member))
    phone = _context(
        chromium, live_server, worker_client, viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    errors: list[str] = []
    phone.on("pageerror", lambda e: errors.append(str(e)))
    base = live_server.url

    phone.goto(base + reverse("legal_aid_portal:request_mine"))
    _no_sideways_scroll(phone)
    phone.click("#request-new")
    phone.select_option("#id_category", str(category.pk))
    phone.fill("#id_description", "三月份加班费至今没有发放。")
    phone.check("#id_anonymous")
    assert phone.get_attribute("#request-form input[type=file]", "capture") == "environment"
    phone.set_input_files(
        "#request-form input[type=file]",
        files=[{"name": "gongzitiao.png", "mimeType": "image/png", "buffer": _photo()}],
    )
    _no_sideways_scroll(phone)
    phone.dblclick("#request-submit")
    phone.wait_for_selector("#request-steps")
    assert phone.get_attribute("#request-status", "data-status") == RequestStatus.SUBMITTED
    assert "gongzitiao.png" in phone.inner_text("#request-files")
    assert WorkerRequest.objects.filter(requester=f.u(member)).count() == 1
    item = WorkerRequest.objects.get(requester=f.u(member))
    assert item.anonymous
    assert item.unit == world.child
    _no_sideways_scroll(phone)

    clerk_client = login(Client(), f.clerk(world, world.child))
    desk = _context(chromium, live_server, clerk_client, viewport={"width": 1280, "height": 900}).new_page()
    desk.on("pageerror", lambda e: errors.append(str(e)))
    console = base + reverse("legal_aid:request_detail", args=[item.pk])
    desk.goto(base + reverse("legal_aid:request_list"))
    assert item.number in desk.inner_text("#request-table")
    assert f.SECRET_NAME not in desk.inner_text("#request-table")  # lists never name an anonymous requester
    desk.goto(console)
    assert f.SECRET_NAME in desk.inner_text("#request-requester")  # the clerk who acts on it sees who it is
    desk.fill("#answer-form textarea[name=answer]", "已与公司核实，加班费随本月工资补发。")
    desk.click("#answer-save")
    desk.wait_for_selector("#request-status[data-status=answered]")

    viewer_client = login(Client(), f.viewer(world, world.child))
    look = _context(chromium, live_server, viewer_client, viewport={"width": 1280, "height": 900}).new_page()
    look.goto(console)
    assert f.SECRET_NAME not in look.content()
    assert "匿名职工" in look.inner_text("#request-requester")

    detail = base + reverse("legal_aid_portal:request_detail", args=[item.pk])
    phone.goto(detail)
    assert "加班费随本月工资补发" in phone.inner_text("#request-answer")
    phone.check("#rate-form input[name=rating][value='1']")
    phone.fill("#rate-form input[name=comment]", "还没有到账")
    phone.click("#rate-submit")
    phone.wait_for_selector("#request-status[data-status=reopened]")
    _no_sideways_scroll(phone)

    desk.goto(console)
    desk.fill("#answer-form textarea[name=answer]", "已到账，请查收。")
    desk.click("#answer-save")
    desk.wait_for_selector("#request-status[data-status=answered]")

    phone.goto(detail)
    phone.check("#rate-form input[name=rating][value='5']")
    phone.click("#rate-submit")
    phone.wait_for_selector("#request-status[data-status=closed]")
    assert "5 ★" in phone.inner_text("#request-rating")
    _no_sideways_scroll(phone)
    done = WorkerRequest.objects.get(pk=item.pk)
    assert (done.status, done.rating, done.reopen_count) == (RequestStatus.CLOSED, 5, 1)
    assert errors == []
