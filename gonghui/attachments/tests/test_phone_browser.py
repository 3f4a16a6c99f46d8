"""The upload field and the attachment list on a 390 px phone, in the portal's frame, as a worker sees their own
files (a test-only page: ``gonghui.attachments.tests.urls``): every tap target at least 44 px, nothing wider than
the screen (a long file name wraps), the camera input as declared."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gonghui.attachments.services import attachment_add
from gonghui.attachments.tests.conftest import PDF, image_bytes, self_owner
from gonghui.common.testing.browser import BROWSER_MARKS, save_screenshot

pytestmark = BROWSER_MARKS

LONG_NAME = "二〇二六年度困难职工家庭收入情况证明及街道社区盖章材料扫描件第一页共三页" + "a" * 40 + ".pdf"
MIN_TAP = 44


def test_own_attachments_and_upload_field_fit_a_phone(chromium, live_server, settings, register, world, tmp_path):
    settings.ROOT_URLCONF = "gonghui.attachments.tests.urls"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    register(self_owner())
    worker = world.member  # a worker's portal account
    for name, body in (("身份证正面.png", image_bytes((1200, 800))), (LONG_NAME, PDF)):
        attachment_add(
            actor=worker,
            owner=worker,
            upload=SimpleUploadedFile(name, body),
            purpose="certificate",
            sensitive=False,
        )

    client = Client()
    client.force_login(worker)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/test-attachments/mine/")
    page.wait_for_selector(".attachment-list")
    page.wait_for_load_state("networkidle")

    items = page.locator(".attachment-item")
    assert items.count() == 2
    # The image's thumbnail loaded through the file view (the worker may see their own files).
    assert page.eval_on_selector(".attachment-thumb img", "img => img.naturalWidth") > 0
    assert LONG_NAME in page.inner_text(".attachment-list")

    targets = page.locator(".attachment-list a, .attachment-list button, input.attachment-input, form.p-form button")
    assert targets.count() == 2 * 3 + 2  # thumb, name, remove per file; the file input, the submit button
    small = []
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box is not None
        if box["height"] < MIN_TAP or box["width"] < MIN_TAP:
            small.append((targets.nth(i).evaluate("e => e.outerHTML.slice(0, 80)"), box))
    assert not small, small

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    for i in range(items.count()):
        box = items.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390

    upload = page.locator("input.attachment-input")
    assert upload.get_attribute("capture") == "environment"
    assert upload.get_attribute("multiple") is not None
    assert "application/pdf" in (upload.get_attribute("accept") or "")
    save_screenshot(page, "portal-own-attachments-390", full_page=True)
    assert not problems, problems
    context.close()
