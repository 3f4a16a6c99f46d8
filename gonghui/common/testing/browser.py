"""Browser tests drive Debian's chromium through Playwright (never a downloaded browser).

A browser test module sets ``pytestmark = BROWSER_MARKS`` (plus anything of its own) and takes the ``chromium``
fixture from the root ``conftest.py``: a headless browser launched with :data:`ARGS`, closed afterwards.

Screenshots (:func:`save_screenshot`) go to ``var/screenshots/`` (git-ignored) on every run. The README's images in
``docs/screenshots/`` (:data:`README_SCREENSHOTS`) are rewritten only on request: ``make screenshots``, which runs
their tests with ``GONGHUI_README_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (os.path.exists(CHROMIUM) or shutil.which("chromium")), reason="no Debian chromium"),
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test body are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def launch_chromium() -> Iterator[Any]:
    """Yield a headless Debian chromium (the body of the ``chromium`` fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS_DIR = ROOT / "var" / "screenshots"
README_SCREENSHOTS_DIR = ROOT / "docs" / "screenshots"
# The screenshots the README shows (committed), by name.
README_SCREENSHOTS = frozenset({"console-workbench", "portal-member-card"})


def refresh_readme_screenshots() -> bool:
    return os.environ.get("GONGHUI_README_SCREENSHOTS", "") == "1"


def save_screenshot(target: Any, name: str, **options: Any) -> Path:
    """Save ``target``'s screenshot (a Playwright page or locator) as ``var/screenshots/<name>.png``, and as the
    README's committed image too when it is one of :data:`README_SCREENSHOTS` and the refresh was asked for."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    target.screenshot(path=str(path), **options)
    if name in README_SCREENSHOTS and refresh_readme_screenshots():
        README_SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS_DIR / f"{name}.png")
    return path


# A phone's screen for a worker's journey (the portal's narrowest target).
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def signed_in_context(chromium: Any, live_server: Any, user: Any, **options: Any) -> Any:
    """A browser context (zh-CN, ``options`` as Playwright's ``new_context``) already signed in as ``user``: the
    session of a test client logged in by ``authz.testing.login`` (TOTP-verified for staff), set as its cookie."""
    from django.conf import settings
    from django.test import Client

    from gonghui.authz.testing import login

    client = login(Client(), user)
    context = chromium.new_context(locale="zh-CN", **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context
