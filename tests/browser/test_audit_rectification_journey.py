"""An audit finding through rectification in Debian's chromium: the city's auditor records a finding and issues a
rectification order, the audited union's finance staff reply with an evidence file, the auditor accepts."""

from __future__ import annotations

import re
from base64 import b32decode
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp

from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.finance.audits.services import audit_plan, audit_transition
from gonghui.finance.models import AuditFinding, Rectification, RectificationStatus
from gonghui.finance.permissions import AUDIT_BOOKS, MANAGE_AUDIT, REPLY_RECTIFICATION, VIEW_BOOKS
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = BROWSER_MARKS


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/console/")
    page.wait_for_url("**/console/login/**")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(re.compile(r".*/console/(login/otp/.*)?$"))
    if "/otp/" in page.url:
        secret = page.inner_text("code.secret").replace(" ", "")
        page.fill("#id_token", f"{totp(b32decode(secret)):06d}")
        page.click("form button.btn-primary")
    page.wait_for_url(f"{base}/console/")


def test_auditor_finding_rectification_reply_accept(page, live_server, world, settings, tmp_path: Path):
    settings.MEDIA_ROOT = tmp_path
    auditor = world.staff("aud", world.city, [MANAGE_AUDIT, AUDIT_BOOKS, VIEW_UNIT])
    union = world.staff("uni", world.target, [REPLY_RECTIFICATION, VIEW_BOOKS, VIEW_UNIT])
    audit = audit_plan(
        actor=auditor,
        planning_unit=world.city,
        audited_unit=world.target,
        kind="special_funds",
        year=2025,
        title="帮扶资金专项审计",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 20),
    )
    audit_transition(actor=auditor, audit=audit, action="start")
    base = live_server.url
    detail = base + reverse("finance:audit_detail", kwargs={"audit_id": audit.pk})

    # The auditor records a finding and issues a rectification order.
    _sign_in(page, base, auditor.username)
    page.goto(detail)
    form = page.locator("#finding-form")
    form.locator("[name='title']").fill("帮扶资金发放前未公示")
    form.locator("[name='description']").fill("2 笔帮扶资金在公示期满前发放。")
    form.locator("[name='severity']").select_option("major")
    form.locator("[name='amount']").fill("6400.00")
    form.locator("button[type='submit']").click()
    page.wait_for_selector("#finding-1")
    assert "6,400.00" in page.inner_text("#finding-1")
    issue = page.locator("#finding-1 form.issue-form")
    issue.locator("[name='instructions']").fill("补办公示并建立发放前核对制度。")
    issue.locator("[name='working_days']").fill("10")
    issue.locator("button[type='submit']").click()
    page.wait_for_selector("#finding-1 .rectification")
    assert "待整改" in page.inner_text("#finding-1 .rectification")

    # The audited union replies with evidence.
    evidence = tmp_path / "整改证明.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence\n%%EOF\n")
    _sign_in(page, base, union.username)
    page.goto(detail)
    reply = page.locator("#finding-1 form.reply-form")
    reply.locator("[name='reply']").fill("已补办公示，制度已印发。")
    reply.locator("input[type='file']").set_input_files(str(evidence))
    reply.locator("button[type='submit']").click()
    page.wait_for_selector("#finding-1 .rect-status")
    assert "已回复待验收" in page.inner_text("#finding-1 .rect-status")
    assert "整改证明.pdf" in page.inner_text("#finding-1")
    assert page.locator("#papers-title").count() == 0, "the audited union does not see the working papers"

    # The auditor accepts.
    _sign_in(page, base, auditor.username)
    page.goto(detail)
    decide = page.locator("#finding-1 form.decide-form")
    decide.locator("[name='decision']").select_option("accept")
    decide.locator("[name='comment']").fill("整改到位。")
    decide.locator("button[type='submit']").click()
    page.wait_for_function(
        "() => document.querySelector('#finding-1 .rect-status')?.innerText.includes('已验收')", timeout=15_000
    )
    assert "已整改" in page.inner_text("#finding-1 .finding-status")
    assert Rectification.objects.get().status == RectificationStatus.ACCEPTED
    assert AuditFinding.objects.get().status == "closed"
    assert not page.errors, page.errors  # type: ignore[attr-defined]
