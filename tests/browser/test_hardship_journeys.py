"""Hardship assistance (困难帮扶) in Debian's chromium, with plain taps and clicks as a person makes them.

- A worker applies on a 390 px phone (household members, incomes, costs, cause), photographs the documents the
  "what is missing" list asks for, and follows her application: the clerk records the home visit from a phone
  (signed record and a photo) and sends it to review; the union's reviewer approves and the publicity opens (the
  worker sees her masked name on the board); the publicity ends and the county and the city approve (review
  services); the union plans the first living aid and asks finance to pay it; finance approves and pays (finance
  services); the worker sees the decision with its calculation and the payment.
- The staff journey on a 1440 px desktop: the home-visit queue → the visit → sent to review → the review case
  page → the household file → support planned → payment requested.
- The apply form on a phone: the household rows laid out as the portal's other forms, every tap target at least
  44 px, and nothing left under the fixed bottom menu.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image

from gonghui.assistance.applications.tests.factories import Journey, journey
from gonghui.assistance.models import HardshipApplication, HardshipStatus, HouseholdFile, SupportItem
from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot
from gonghui.finance.models import PaymentRequest, PaymentStatus
from gonghui.finance.payments.services import payment_approve, payment_record
from gonghui.finance.tests.factories import books
from gonghui.members.tests.factories import resident_id
from gonghui.review.models import CaseStatus, ReviewCase
from gonghui.review.services import case_act, publicity_close

pytestmark = BROWSER_MARKS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
MIN_TAP = 44


def _page_as(chromium: Any, base: str, user: Any, viewport: dict[str, int]) -> Any:
    """A browser page signed in as ``user`` (staff sessions TOTP-verified); page errors collected."""
    client = login(Client(), user)
    phone = viewport["width"] < 600
    context = chromium.new_context(viewport=viewport, locale="zh-CN", is_mobile=phone, has_touch=phone)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.problems = problems
    return page


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buf, format="PNG")
    return buf.getvalue()


def _file(name: str, colour: tuple[int, int, int]) -> dict[str, Any]:
    return {"name": name, "mimeType": "image/png", "buffer": _png(colour)}


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _clear_of_the_tabbar(page: Any, selector: str) -> None:
    """Scrolled to the very bottom, ``selector`` is above the fixed bottom menu, not under it."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    tabbar = page.locator("nav.tabbar").bounding_box()
    box = page.locator(selector).bounding_box()
    assert tabbar is not None
    assert box is not None
    assert box["y"] + box["height"] <= tabbar["y"], (box, tabbar)


def _apply_form_fits_a_phone(page: Any) -> None:
    """The household rows are laid out as the portal's other forms: each control full width under its own label
    and at least 44 px tall, two short ones side by side at most; every button a 44 px target; nothing wider than
    the phone; and the form's last button clear of the fixed bottom menu when scrolled to the end."""
    rows = page.locator("#hardship-apply .household-row")
    assert rows.count() == 6 + 4 + 3
    controls = page.locator("#hardship-apply .household-row :is(input, select, textarea)")
    assert controls.count() == 6 * 6 + 4 * 3 + 3 * 3
    small, unlabelled = [], []
    for i in range(controls.count()):
        control = controls.nth(i)
        box = control.bounding_box()
        assert box is not None
        if box["height"] < MIN_TAP or box["width"] < 120:
            small.append((control.get_attribute("id"), box))
        label = page.locator(f"label[for='{control.get_attribute('id')}']").bounding_box()
        if label is None or label["y"] + label["height"] > box["y"] + 1:  # the label above its field
            unlabelled.append(control.get_attribute("id"))
    assert not small, small
    assert not unlabelled, unlabelled
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    buttons = page.locator("#hardship-apply button")
    assert buttons.count() == 2
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None
        assert box["height"] >= MIN_TAP
        assert box["width"] >= MIN_TAP
    _no_sideways_scroll(page)
    _clear_of_the_tabbar(page, "#hardship-apply button:last-of-type")
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, "hardship-phone-apply", full_page=True)


def _close_publicity_and_approve(j: Journey, application: HardshipApplication) -> None:
    """The publicity ends without objection (the day after it closes) and the county and the city approve."""
    case = ReviewCase.objects.get(pk=application.review_case_id)
    assert case.publicity_ends_on is not None
    with time_machine.travel(case.publicity_ends_on + timedelta(days=1)):
        publicity_close(actor=j.reviewer, case=case, expected_version=case.version)
    case.refresh_from_db()
    for actor in (j.county, j.city):
        assert case.status == CaseStatus.IN_REVIEW
        case_act(actor=actor, case=case, action="approve", expected_version=case.version)
        case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def _visit_and_send(page: Any, base: str, j: Journey, application: HardshipApplication) -> None:
    """From the home-visit queue: record the visit (signed record and a photo) and send to review."""
    page.goto(f"{base}/console/assistance/hardship/visits/")
    page.click(f"a[href='/console/assistance/hardship/{application.pk}/visit/']")
    page.wait_for_url(f"**/hardship/{application.pk}/visit/")
    page.fill("#id_partner", j.partner.username)
    page.fill("#id_findings", "两人入户：爱人卧床，家中陈设简陋，收入与申报相符。")
    page.set_input_files("#id_signed_record", files=[_file("调查记录.png", (240, 240, 230))])
    page.set_input_files("#id_photos", files=[_file("走访照片.png", (90, 120, 60))])
    page.click("#visit-form button[type=submit]")
    page.wait_for_url(f"**/hardship/{application.pk}/")
    assert "调查记录.png" in page.inner_text("#visit-signed-record")
    assert "走访照片.png" in page.inner_text("#visit-photos")
    page.click("button[value=send]")
    page.wait_for_url(f"**/hardship/{application.pk}/")
    application.refresh_from_db()
    assert application.status == HardshipStatus.IN_REVIEW


def _approve_first_level(j: Journey, application: HardshipApplication) -> None:
    """The union's reviewer approves (review services): the publicity opens."""
    case = ReviewCase.objects.get(pk=application.review_case_id)
    case_act(actor=j.reviewer, case=case, action="approve", expected_version=case.version)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PUBLICITY


def _pay(approver: Any, cashier: Any, item: SupportItem) -> PaymentRequest:
    payment = PaymentRequest.objects.get(pk=item.payment_id)
    payment_approve(actor=approver, payment=payment)
    payment_record(actor=cashier, payment=payment, paid_on=timezone.localdate())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    return payment


def test_worker_applies_on_a_phone_through_to_the_first_payment(chromium, live_server, world):
    base = live_server.url
    _ledger, cashier, approver = books(world.child)
    j = journey(world, phone="13800000071")
    worker = _page_as(chromium, base, j.member.user, PHONE)

    worker.goto(f"{base}/hardship/apply/")
    worker.select_option("#id_cause", "illness")
    worker.fill("#id_cause_note", "本人患慢性肾病长期透析，爱人因伤不能重体力劳动。")
    worker.fill("#id_p0_name", "王兰芳")
    worker.select_option("#id_p0_relation", "self")
    worker.fill("#id_p0_id_number", resident_id(771, female=True))
    worker.fill("#id_p0_health", "慢性肾病")
    worker.fill("#id_p1_name", "李建平")
    worker.select_option("#id_p1_relation", "spouse")
    worker.fill("#id_p2_name", "李小一")
    worker.select_option("#id_p2_relation", "child")
    worker.select_option("#id_p2_schooling", "higher")
    worker.select_option("#id_i0_source", "wage")
    worker.fill("#id_i0_amount", "1800")
    worker.select_option("#id_c0_kind", "medical")
    worker.fill("#id_c0_amount", "600")
    _apply_form_fits_a_phone(worker)
    worker.click("button[name=submit_now]")
    worker.wait_for_url("**/hardship/mine/*/")
    application = HardshipApplication.objects.get(member=j.member)
    assert application.status == HardshipStatus.SUBMITTED
    missing = worker.inner_text("#portal-missing")
    assert "收入证明" in missing
    assert "病历" in missing
    _no_sideways_scroll(worker)

    # The documents the list asks for, photographed with the phone (the upload form's controls are 44 px targets).
    for target in ("#document-upload select", "#document-upload input[type=file]", "#document-upload button"):
        box = worker.locator(target).bounding_box()
        assert box is not None
        assert min(box["height"], box["width"]) >= MIN_TAP, (target, box)
    assert worker.get_attribute("#document-upload input[type=file]", "capture") == "environment"
    for purpose, name, colour in (("income", "工资单.png", (200, 200, 40)), ("medical", "病历.png", (200, 40, 40))):
        worker.select_option("#document-upload select[name=purpose]", purpose)
        worker.set_input_files("#document-upload input[type=file]", files=[_file(name, colour)])
        worker.click("#document-upload button[type=submit]")
        worker.wait_for_selector(f"#documents >> text={name}")
    missing = worker.inner_text("#portal-missing")
    assert "收入证明" not in missing
    assert "病历" not in missing
    assert "入户调查" in missing
    save_screenshot(worker, "hardship-phone-documents", full_page=True)

    clerk = _page_as(chromium, base, j.clerk, PHONE)  # the visit is recorded at the household, from a phone
    _visit_and_send(clerk, base, j, application)
    _no_sideways_scroll(clerk)
    _approve_first_level(j, application)

    worker.goto(f"{base}/hardship/publicity/")
    board = worker.inner_text("main")
    assert "王*芳" in board
    assert "王兰芳" not in board
    assert resident_id(771, female=True) not in board
    save_screenshot(worker, "hardship-phone-publicity", full_page=True)

    _close_publicity_and_approve(j, application)
    file = HouseholdFile.objects.get(application=application)
    clerk.goto(f"{base}/console/assistance/files/{file.pk}/")
    clerk.select_option("#id_kind", "living")
    clerk.select_option("#id_form", "money")
    clerk.fill("#id_period", "2026-12")
    clerk.fill("#id_amount", "800")
    clerk.click("#plan-form button[value=plan]")
    clerk.wait_for_selector("#support-items button[value=pay]")
    clerk.fill("#support-items input[name=bank_account]", "6222021202004567891")
    clerk.click("#support-items button[value=pay]")
    clerk.wait_for_selector("#support-items >> text=待审批")
    item = SupportItem.objects.get(file=file)
    _pay(approver, cashier, item)

    worker.goto(f"{base}/hardship/mine/{application.pk}/")
    assert worker.inner_text("#portal-status") == "已批准"
    assert worker.locator("table.trace").count() == 1  # the decision with its calculation, line by line
    assert "认定结果" in worker.inner_text("table.trace")
    support = worker.inner_text("#portal-support")
    assert "800" in support
    assert "已支付" in support
    _no_sideways_scroll(worker)
    save_screenshot(worker, "hardship-phone-paid", full_page=True)
    assert not worker.problems, worker.problems
    assert not clerk.problems, clerk.problems


def test_staff_journey_on_a_desktop(chromium, live_server, world):
    base = live_server.url
    books(world.child)
    j = journey(world, phone="13800000072")
    application = j.submitted()
    page = _page_as(chromium, base, j.clerk, DESKTOP)

    page.goto(f"{base}/console/assistance/hardship/visits/")
    assert j.member.name in page.inner_text("main")
    save_screenshot(page, "hardship-desktop-visits")
    _visit_and_send(page, base, j, application)
    assert "审核中" in page.inner_text("#application-status")

    reviewer = _page_as(chromium, base, j.reviewer, DESKTOP)
    reviewer.goto(f"{base}/console/assistance/hardship/{application.pk}/")
    reviewer.click(f"a[href='/console/review/cases/{application.review_case_id}/']")
    reviewer.wait_for_url(f"**/review/cases/{application.review_case_id}/")
    with reviewer.expect_navigation():
        reviewer.click("button[value=approve]")
    case = ReviewCase.objects.get(pk=application.review_case_id)
    assert case.status == CaseStatus.IN_PUBLICITY
    _close_publicity_and_approve(j, application)

    page.goto(f"{base}/console/assistance/files/")
    file = HouseholdFile.objects.get(application=application)
    page.click(f"text={file.file_no}")
    page.wait_for_url(f"**/files/{file.pk}/")
    page.select_option("#id_kind", "schooling")
    page.select_option("#id_form", "money")
    page.fill("#id_period", "2026")
    page.fill("#id_amount", "3000")
    page.select_option("#id_child", label="李小一")
    page.click("#plan-form button[value=plan]")
    page.wait_for_selector("#support-items button[value=pay]")
    page.fill("#support-items input[name=bank_account]", "6222021202004567891")
    page.click("#support-items button[value=pay]")
    page.wait_for_selector("#support-items >> text=待审批")
    item = SupportItem.objects.get(file=file)
    assert item.status == "payment_requested"
    assert PaymentRequest.objects.get(pk=item.payment_id).amount == 3000
    save_screenshot(page, "hardship-desktop-file", full_page=True)
    assert not page.problems, page.problems
    assert not reviewer.problems, reviewer.problems
