"""The staff journey of a whole-unit enrolment on a 390 px phone in Debian's chromium: the union's clerk generates
the list from the roster and submits it, the level above approves it, the federation's finance staff record the
fee's receipt, and the worker sees her cover on the portal."""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.members.models import Member
from gonghui.mutual_aid.enrolment.tests import kit
from gonghui.mutual_aid.models import Enrolment, EnrolmentStatus

pytestmark = BROWSER_MARKS


def _page(chromium: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    client = login(Client(), user)
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
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def test_enrolment_journey_on_a_phone(chromium, live_server, world):
    people = kit.people(world)
    members = kit.roster(world, 3)
    worker = User.objects.create_user(username="13700000088", phone="13700000088", name="参保职工")
    Member.objects.filter(pk=members[0].pk).update(user=worker)
    plan = kit.city_plan(world)
    errors: list[str] = []
    base = live_server.url

    clerk = _page(chromium, live_server, people.clerk, errors)
    clerk.goto(base + reverse("mutual_aid:enrolment_new"))
    clerk.select_option("#id_unit", str(world.child.pk))
    clerk.click("#enrolment-generate")
    clerk.wait_for_selector("#enrolment-facts")
    assert clerk.inner_text("#enrolment-counts").replace(" ", "") == "3/3"
    assert "72" in clerk.inner_text("#enrolment-fee")
    clerk.click("#enrolment-submit")
    clerk.wait_for_selector("#enrolment-case")
    assert clerk.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    enrolment = kit.approve(people.reviewer, Enrolment.objects.get(plan=plan, unit=world.child))
    assert enrolment.status == EnrolmentStatus.CONFIRMED

    finance = _page(chromium, live_server, people.finance, errors)
    finance.goto(base + reverse("mutual_aid:enrolment_detail", args=[enrolment.pk]))
    finance.fill("#enrolment-fee-form #id_received_on", timezone.localdate().isoformat())
    finance.click("#enrolment-fee-record")
    finance.wait_for_selector("#enrolment-cover")
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE

    portal = _page(chromium, live_server, worker, errors)
    portal.goto(base + reverse("mutual_aid_portal:my_cover"))
    portal.wait_for_selector("#cover-benefits")
    text = portal.inner_text("main") if portal.query_selector("main") else portal.inner_text("body")
    assert plan.name in text
    assert "住院医疗" in text
    assert "等待期至" in text  # a first-time enrolee
    assert portal.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert errors == []
