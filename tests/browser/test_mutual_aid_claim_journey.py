"""A covered worker's mutual-aid claim on a 390 px phone in Debian's chromium: apply, add an invoice, photograph the
invoice and the discharge summary, submit and see the computed benefit; then — after the union's reviewer confirms
it — the decision with its calculation line by line (each line naming its rule and plan version) and the payment."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.mutual_aid.claims import services
from gonghui.mutual_aid.claims.tests import kit
from gonghui.mutual_aid.models import Claim, ClaimStatus

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_worker_mutual_aid_claim_on_a_phone(chromium, live_server, world):
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

    page.goto(base + reverse("mutual_aid_portal:claim_list"))
    _no_sideways_scroll(page)
    page.click("#claim-apply")
    day = kit.event_day().isoformat()
    page.fill("#id_event_on", day)
    page.fill("#id_illness", "急性阑尾炎")
    page.click("#claim-save")
    page.wait_for_selector("#claim-missing")
    assert "至少一张医疗票据" in page.inner_text("#claim-missing")
    _no_sideways_scroll(page)

    page.fill("#invoice-form #id_invoice_no", "NB2026-001")
    page.fill("#invoice-form #id_hospital", "宁波市第一医院")
    page.fill("#invoice-form #id_issued_on", day)
    page.fill("#invoice-form #id_amount", "30000")
    page.fill("#invoice-form #id_insurance_paid", "12000")
    page.fill("#invoice-form #id_excluded", "0")
    page.click("#invoice-add")
    page.wait_for_selector("#claim-invoices")
    assert "30,000.00" in page.inner_text("#claim-claimed") or "30000.00" in page.inner_text("#claim-claimed")
    assert page.get_attribute("#document-form input[type=file]", "capture") == "environment"  # the phone camera
    for purpose, name, colour in (("invoice", "fapiao.png", (200, 40, 40)), ("discharge", "xiaojie.png", (9, 9, 9))):
        photo = kit.photo(name, colour)
        page.select_option("#document-form select[name=purpose]", purpose)
        page.set_input_files(
            "#document-form input[type=file]", files=[{"name": name, "mimeType": "image/png", "buffer": photo.read()}]
        )
        page.click("#document-upload")
        page.wait_for_selector(f"#claim-documents >> text={name}")
    _no_sideways_scroll(page)
    page.wait_for_selector("#claim-submit")
    assert page.query_selector("#claim-missing") is None
    page.click("#claim-submit")
    page.wait_for_selector("#claim-preview")
    # 30,000 − 12,000 insurance − 1,000 deductible = 17,000: 10,000 × 50 % + 7,000 × 60 % = 9,200.
    assert "9,200.00" in page.inner_text("#claim-preview") or "9200.00" in page.inner_text("#claim-preview")
    assert page.get_attribute("#claim-status", "data-status") == ClaimStatus.IN_REVIEW

    claim = services.claim_decide(actor=people.grassroots, claim=Claim.objects.get(member=who), decision="confirm")
    assert claim.status == ClaimStatus.APPROVED

    page.reload()
    page.wait_for_selector("#claim-decision")
    assert "9,200.00" in page.inner_text("#claim-amount") or "9200.00" in page.inner_text("#claim-amount")
    decision = page.inner_text("#claim-decision")
    for label in ("医保已报销", "起付线", "分段给付", "单次限额", "剩余年度限额", "应付给付金额"):
        assert label in decision
    assert "第 1 版" in decision  # each line names its rule and plan version
    assert page.get_attribute(".claim-payment [data-status]", "data-status") == "requested"
    _no_sideways_scroll(page)
    assert errors == []
    context.close()
