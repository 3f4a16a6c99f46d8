"""Browser tests drive Debian's chromium through Playwright (never a downloaded browser).

A browser test module sets ``pytestmark = BROWSER_MARKS`` (plus anything of its own) and takes the ``chromium``
fixture from the root ``conftest.py``: a headless browser launched with :data:`ARGS`, closed afterwards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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
