"""A worker's critical-illness relief claim on a 390 px phone in Debian's chromium: apply, add an invoice and the
photos of the invoice and the settlement sheet, submit,
see what is missing until it is complete, then — after three levels of review — the decision with its calculation
line by line and the payment."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.assistance.models import ReliefClaim, ReliefStatus
from gonghui.assistance.relief.tests import kit
from gonghui.common.testing.browser import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_relief_claim_on_a_phone(chromium, live_server, world):
    people = kit.reviewers(world)
    who = kit.member(world)
    client = Client()
    client.force_login(kit.u(who))
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

    page.goto(base + reverse("assistance_portal:relief_mine"))
    _no_sideways_scroll(page)
    page.click("#relief-apply")
    page.fill("#id_diagnosis", "急性白血病")
    page.click("#relief-new-form button[type=submit]")
    page.wait_for_selector("#relief-missing")
    assert "至少一张医疗票据" in page.inner_text("#relief-missing")
    _no_sideways_scroll(page)

    day = kit.today().isoformat()
    page.fill("#invoice-form #id_invoice_no", "ZY2026-001")
    page.fill("#invoice-form #id_hospital", "浙江大学医学院附属第一医院")
    page.fill("#invoice-form #id_starts_on", day)
    page.fill("#invoice-form #id_ends_on", day)
    page.fill("#invoice-form #id_total", "60000")
    page.fill("#invoice-form #id_covered", "20000")
    page.fill("#invoice-form #id_out_of_pocket", "40000")
    page.click("#invoice-add")
    page.wait_for_selector("#relief-invoices")
    assert "40000.00" in page.inner_text("#relief-oop")
    assert "医保结算单" in page.inner_text("#relief-missing")

    page.fill("#relief-update-form #id_settlement_no", "YB2026-77")
    page.fill("#relief-update-form #id_settled_on", day)
    page.click("#relief-update-form button[type=submit]")
    page.wait_for_selector("#document-form")
    assert "医保结算单照片或扫描件" in page.inner_text("#relief-missing")
    assert page.get_attribute("#document-form input[type=file]", "capture") == "environment"  # the phone camera
    for purpose, name, colour in (("invoice", "fapiao.png", (200, 40, 40)), ("settlement", "jiesuan.png", (9, 9, 9))):
        photo = kit.photo(name, colour)
        page.select_option("#document-form select[name=purpose]", purpose)
        page.set_input_files(
            "#document-form input[type=file]", files=[{"name": name, "mimeType": "image/png", "buffer": photo.read()}]
        )
        page.click("#document-upload")
        page.wait_for_selector(f"#relief-documents >> text={name}")
    _no_sideways_scroll(page)
    page.wait_for_selector("#relief-submit")
    assert page.query_selector("#relief-missing") is None
    page.click("#relief-submit")
    page.wait_for_selector("#relief-preview")
    assert "7000.00" in page.inner_text("#relief-preview")
    assert page.get_attribute("#relief-status", "data-status") == ReliefStatus.IN_REVIEW

    claim = kit.approve_all(people, ReliefClaim.objects.get(member=who))
    assert claim.status == ReliefStatus.APPROVED

    page.reload()
    page.wait_for_selector("#relief-decision")
    assert "7000.00" in page.inner_text("#relief-amount")
    decision = page.inner_text("#relief-decision")
    assert "起付线" in decision
    assert "分段救助" in decision
    assert "年度封顶" in decision
    assert page.get_attribute("#relief-payment [data-status]", "data-status") == "requested"
    _no_sideways_scroll(page)
    assert errors == []
    context.close()
