"""A clerk imports a member roster in Debian's chromium: sign in (password + TOTP), upload a small CSV, read the
dry-run preview (valid and invalid counts, the errors with their row numbers and Chinese reasons), download the
error report, import the valid rows, wait for the progress to finish and find an imported member in the roster."""

from __future__ import annotations

import csv
from base64 import b32decode
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from stdnum.iso7064 import mod_11_2

from gonghui.authz import registry
from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS

pytestmark = BROWSER_MARKS


HEADER = ["姓名", "身份证号", "手机号", "入会时间"]
VALID_NAMES = ["郑晓燕", "冯建国", "褚丽萍", "卫志强"]


def resident_id(body17: str) -> str:
    """A resident ID number with the right ISO 7064 MOD 11-2 check digit."""
    return body17 + mod_11_2.calc_check_digit(body17)


def wrong_check_digit(body17: str) -> str:
    right = mod_11_2.calc_check_digit(body17)
    return body17 + ("1" if right != "1" else "2")


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


@pytest.fixture
def roster_csv(tmp_path: Path) -> Path:
    """Six data rows: rows 2, 4, 5 and 6 are valid; row 3 has a wrong check digit; row 7 was mangled by Excel."""
    rows = [
        [VALID_NAMES[0], resident_id("33010619900101123"), "13800138001", "2015-03-01"],  # row 2
        ["蒋文涛", wrong_check_digit("33010619880512234"), "13800138002", "2016-04-01"],  # row 3
        [VALID_NAMES[1], resident_id("33010619851120345"), "13800138003", "2017-05-01"],  # row 4
        [VALID_NAMES[2], resident_id("33010619920815456"), "13800138004", "2018-06-01"],  # row 5
        [VALID_NAMES[3], resident_id("33010619950228567"), "13800138005", "2019-07-01"],  # row 6
        ["沈佳怡", "1.10105E+17", "13800138006", "2020-08-01"],  # row 7
    ]
    path = tmp_path / "会员名册.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _sign_in_with_totp(page, base: str, username: str) -> None:
    """Password, then bind an authenticator (the clerk's roles can reveal personal data) with a TOTP code."""
    page.goto(f"{base}/console/")
    page.wait_for_url("**/console/login/**")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url("**/console/login/otp/**")
    secret = page.inner_text("code.secret").replace(" ", "")
    page.fill("#id_token", f"{totp(b32decode(secret)):06d}")
    page.click("form button.btn-primary")
    page.wait_for_url(f"{base}/console/")


def test_clerk_imports_a_roster_with_a_dry_run_preview(page, live_server, world, roster_csv, tmp_path):
    clerk = world.staff("imp", world.target, [str(p) for p in registry.all_perms()])
    base = live_server.url
    _sign_in_with_totp(page, base, clerk.username)

    # Upload: choose the grassroots union and the file.
    page.goto(base + reverse("members:import_new"))
    # The union is searched by name; the match is offered with its parent and chosen.
    page.fill("input[name='unit_q']", world.child.name)
    page.check(f"input[name='unit'][value='{world.child.pk}']")
    page.set_input_files("input[name='file']", str(roster_csv))
    page.click("form[enctype='multipart/form-data'] button[type='submit']")
    page.wait_for_url("**/console/members/imports/*/")

    # Dry-run preview: the validation ran (immediately in the test settings; htmx reloads the page otherwise).
    confirm = page.locator("form[action$='/confirm/'] button[type='submit']")
    confirm.wait_for(timeout=30_000)
    counts = {
        dt.inner_text().strip(): dt.locator("xpath=following-sibling::dd[1]").inner_text().strip()
        for dt in page.locator("dl.dl-grid dt").all()
    }
    assert counts["导入到"] == world.child.name
    assert counts["数据行"] == "6"
    assert counts["有效行"] == "4"
    assert counts["错误行"] == "2"
    assert "导入 4 条有效行" in confirm.inner_text()

    headers = [th.inner_text().strip() for th in page.locator("table.table thead th").all()]
    column, reason = headers.index("列"), headers.index("原因")
    error_rows = {}
    for tr in page.locator("table.table tbody tr").all():
        cells = [td.inner_text().strip() for td in tr.locator("td").all()]
        error_rows[cells[0]] = cells
    assert set(error_rows) == {"3", "7"}, error_rows
    assert "校验位错误" in error_rows["3"][reason]
    assert "科学计数法" in error_rows["7"][reason]
    assert error_rows["3"][column] == error_rows["7"][column] == "身份证号"
    assert wrong_check_digit("33010619880512234") not in page.inner_text("main"), "the ID number is masked"

    # The error report (CSV) lists both rows.
    with page.expect_download() as info:
        page.click("a[href$='/errors/?format=csv']")
    download = info.value
    report_path = tmp_path / (download.suggested_filename or "errors.csv")
    download.save_as(report_path)
    report = report_path.read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(report.splitlines()))
    by_row = {line[0]: line for line in lines if line and line[0].isdigit()}
    assert set(by_row) == {"3", "7"}, lines
    header = next(line for line in lines if "行号" in line)
    assert "校验位错误" in by_row["3"][header.index("原因")]
    assert "科学计数法" in by_row["7"][header.index("原因")]

    # Import the valid rows and wait for the progress to finish.
    confirm.click()
    page.wait_for_selector("#import-progress .badge-ok", timeout=30_000)
    assert page.locator("form[action$='/confirm/']").count() == 0
    counts = {
        dt.inner_text().strip(): dt.locator("xpath=following-sibling::dd[1]").inner_text().strip()
        for dt in page.locator("dl.dl-grid dt").all()
    }
    assert counts["新增 / 更新 / 未变化"] == "4 / 0 / 0"

    # The roster: search one imported name (results as you type, via htmx).
    page.goto(base + reverse("members:list"))
    search = page.locator("form[role='search'] input[name='q']")
    search.fill(VALID_NAMES[1])
    search.press("End")  # a key press: the box asks on "keyup changed" (fill alone sends no key events)
    page.wait_for_function(
        "([name, other]) => { const r = document.querySelector('#member-results');"
        " return r && r.innerText.includes(name) && !r.innerText.includes(other); }",
        arg=[VALID_NAMES[1], VALID_NAMES[0]],
        timeout=15_000,
    )
    assert "q=" in page.url, "the search box pushes its query into the address bar"
    results = page.inner_text("#member-results")
    assert VALID_NAMES[1] in results
    assert world.child.name in results
    for other in (VALID_NAMES[0], VALID_NAMES[2], VALID_NAMES[3], "蒋文涛", "沈佳怡"):
        assert other not in results

    # And the roster without a search holds all four imported members, but neither invalid row.
    page.goto(base + reverse("members:list") + f"?unit={world.child.pk}")
    everyone = page.inner_text("#member-results")
    for name in VALID_NAMES:
        assert name in everyone
    assert "蒋文涛" not in everyone
    assert "沈佳怡" not in everyone
    assert not page.errors, page.errors  # type: ignore[attr-defined]
