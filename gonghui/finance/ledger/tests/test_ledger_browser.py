"""A voucher's journey in Debian's chromium: the preparer fills in a voucher (adding a line row through htmx, the
totals updating as amounts are typed), saves and submits it; a second finance officer reviews it; the preparer
posts it; the trial balance shows it. Both sign in as TOTP-verified staff (the sign-in itself is covered by
``tests/browser/test_staff_totp_journey.py``): their session cookies are handed to the browser."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.utils import timezone

from gonghui.authz.testing import login
from gonghui.common.testing.browser import BROWSER_MARKS
from gonghui.finance.models import Voucher, VoucherStatus
from gonghui.finance.tests.factories import account, books

pytestmark = BROWSER_MARKS


def _page_as(chromium, base: str, user):
    """A browser context signed in as ``user`` (a TOTP-verified staff session)."""
    client = login(Client(), user)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.problems = problems  # type: ignore[attr-defined]
    return page


def test_voucher_from_draft_through_review_to_posting_and_the_trial_balance(chromium, live_server, world):
    ledger, preparer, reviewer = books(world.target, opened_on=timezone.localdate().replace(day=1))
    base = live_server.url
    bank, dues = account(ledger, "1002"), account(ledger, "4001")

    # The preparer fills in the voucher.
    page = _page_as(chromium, base, preparer)
    page.goto(f"{base}/console/finance/ledgers/{ledger.pk}/")
    page.click("a:has-text('填制凭证')")
    page.wait_for_url(f"**/ledgers/{ledger.pk}/vouchers/new/")
    page.fill("#id_summary", "收到十一月会费")
    assert page.locator("#voucher-lines tr").count() == 4
    page.click("#add-line button")
    page.wait_for_selector("select[name='lines-4-account']")
    assert page.locator("#voucher-lines tr").count() == 5
    assert page.input_value("#id_lines-TOTAL_FORMS") == "5"
    page.select_option("select[name='lines-0-account']", str(bank.pk))
    page.fill("input[name='lines-0-debit']", "2680.50")
    page.select_option("select[name='lines-4-account']", str(dues.pk))  # the row added through htmx
    page.fill("input[name='lines-4-credit']", "2680.00")
    page.press("input[name='lines-4-credit']", "Tab")
    page.locator("#balance-error", has_text="贷方合计 2,680.00").wait_for()
    assert "借贷不平衡：借方合计 2,680.50 元，贷方合计 2,680.00 元。" in page.inner_text("#balance-error")
    page.fill("input[name='lines-4-credit']", "2680.50")
    page.press("input[name='lines-4-credit']", "Tab")
    page.wait_for_selector("#voucher-totals .badge-ok")
    assert page.inner_text("#credit-total") == "2,680.50"
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("#act-submit")
    voucher = Voucher.objects.get(summary="收到十一月会费")
    assert [(x.account.code, x.debit, x.credit) for x in voucher.lines.order_by("position")] == [
        ("1002", Decimal("2680.50"), Decimal("0.00")),
        ("4001", Decimal("0.00"), Decimal("2680.50")),
    ]
    page.click("#act-submit")
    page.wait_for_selector("#duties-note")  # submitted; the preparer may not review it
    assert "待审核" in page.inner_text("main")
    assert page.locator("#act-approve").count() == 0

    # A second finance officer reviews it.
    second = _page_as(chromium, base, reviewer)
    second.goto(f"{base}/console/finance/vouchers/{voucher.pk}/")
    second.click("#act-approve")
    second.wait_for_selector("text=凭证已审核通过。")
    assert "已审核" in second.inner_text("main")

    # The preparer posts it, and the trial balance shows it.
    page.reload()
    page.click("#act-post")
    page.wait_for_selector("text=凭证已记账。")
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.POSTED
    assert voucher.label in page.inner_text("h1")
    page.click("a:has-text('科目余额表')")
    page.wait_for_selector("#trial-balance")
    assert page.inner_text("#tb-debit") == "2,680.50"
    assert page.inner_text("#tb-credit") == "2,680.50"
    assert "试算平衡" in page.inner_text("#trial-balance")
    assert not page.problems, page.problems  # type: ignore[attr-defined]
    assert not second.problems, second.problems  # type: ignore[attr-defined]
