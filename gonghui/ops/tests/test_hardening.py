"""R6: security headers on every kind of page, secure cookies and HSTS in production, the session lifetime policy."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings

from gonghui.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/login/", "/console/login/", "/healthz"])
def test_security_headers(path):
    response = Client().get(path)
    if path == "/healthz":
        # A probe answered before the security middleware: JSON without a body to frame or sniff.
        assert response["Content-Type"] == "application/json"
        return
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_hsts_and_secure_cookies():
    user = User.objects.create_user(username="hardening", password="x-password-123")
    client = Client()
    client.force_login(user)
    session = client.session
    del session["_gh_seen"]  # the lifetime middleware writes it again: the response sets the session cookie
    session.save()
    response = client.get("/me/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def _signed_in() -> tuple[Client, User]:
    user = User.objects.create_user(username="lifetime", password="x-password-123")
    client = Client()
    client.force_login(user)
    return client, user


def _is_signed_in(client: Client) -> bool:
    return client.get("/me/").status_code == 200


def test_idle_session_ends(settings, time_machine):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    time_machine.move_to(time.time(), tick=False)
    client, _user = _signed_in()
    assert _is_signed_in(client)
    time_machine.shift(20 * 60)
    assert _is_signed_in(client)  # activity within the idle limit keeps it
    time_machine.shift(20 * 60)
    assert _is_signed_in(client)
    time_machine.shift(31 * 60)
    assert not _is_signed_in(client)


def test_absolute_session_lifetime(settings, time_machine):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_COOKIE_AGE = 60 * 60
    time_machine.move_to(time.time(), tick=False)
    client, _user = _signed_in()
    for _ in range(3):
        time_machine.shift(25 * 60)
        if not _is_signed_in(client):
            break
    else:
        pytest.fail("an active session outlived SESSION_COOKIE_AGE")
