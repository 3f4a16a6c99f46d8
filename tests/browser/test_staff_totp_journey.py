"""A staff member's first day, in Debian's chromium: sign in with a password, bind an authenticator (TOTP), walk
the org tree, open a unit; sign out and back in with a TOTP code; never see the sibling unit."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp

from gonghui.authz import registry
from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.common.testing.browser import BROWSER_MARKS

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
    page.goto(f"{base}/console/")
    page.wait_for_url("**/console/login/**")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url("**/console/login/otp/**")


def test_staff_binds_totp_walks_the_tree_and_opens_a_unit(page, live_server, world):
    everything = [str(p) for p in registry.all_perms()]
    assert any(p.sensitive for p in registry.all_perms())
    staff = world.staff("totp", world.city, everything)
    base = live_server.url

    # First sign-in: the roles can reveal personal data, so an authenticator must be bound.
    _sign_in(page, base, staff.username)
    assert page.locator(".qr-box svg").count() == 1
    secret = page.inner_text("code.secret").replace(" ", "")
    key = b32decode(secret)
    page.fill("#id_token", "000000" if totp(key) != 0 else "111111")
    page.click("form button.btn-primary")
    assert page.locator(".qr-box svg").count() == 1, "a wrong code must not bind the device"
    page.wait_for_timeout(1500)  # django-otp throttles the next try for a second after a failure
    page.fill("#id_token", f"{totp(key):06d}")
    page.click("form button.btn-primary")
    page.wait_for_url(f"{base}/console/")

    # The navigator is rooted at the city; the province above and nothing beside it.
    page.wait_for_selector(f"#tree-children-{world.city.pk} .tree-node")
    tree = page.inner_text(".tree")
    for unit in (world.city, world.target, world.sibling):
        assert unit.name in tree
    assert world.province.name not in tree
    page.click(f"button[aria-controls='tree-children-{world.target.pk}']")
    page.wait_for_selector(f"#tree-children-{world.target.pk} .tree-node")
    page.click(f"#tree-children-{world.target.pk} a:has-text('{world.child.name}')")
    page.wait_for_url(f"**/console/orgs/units/{world.child.pk}/")
    assert world.child.name in page.inner_text("h1")
    assert world.target.name in page.inner_text("body"), "the breadcrumb shows the visible ancestors"

    # Sign out, sign in again: now a code from the bound authenticator is asked for.
    page.click("form[action='/console/logout/'] button")
    page.wait_for_url("**/console/login/**")
    _sign_in(page, base, staff.username)
    assert page.locator(".qr-box").count() == 0
    page.fill("#id_token", f"{totp(key, drift=1):06d}")
    page.click("form button.btn-primary")
    page.wait_for_url(f"{base}/console/")
    assert not page.errors, page.errors  # type: ignore[attr-defined]
