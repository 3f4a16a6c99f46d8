"""Sign-in that cannot be turned against users (security finding 2): password spraying is throttled per
address, the client address comes from behind trusted proxies, production refuses the file SMS backend."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import Client

from gonghui.authz.testing import STAFF_PASSWORD
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

LOGIN = "/console/login/"
SPRAYER = "203.0.113.50"


def _post(username, password, ip, **extra):
    return Client(REMOTE_ADDR=ip, **extra).post(LOGIN, {"username": username, "password": password})


def test_password_spraying_is_throttled_per_address(world, settings):
    settings.STAFF_SIGNIN_MAX_FAILURES_PER_ADDRESS = 20
    staff = world.staff("sprayed", world.target, [VIEW_UNIT])
    for n in range(20):  # twenty usernames, one password each: axes' per-username lock never triggers
        response = _post(f"nobody{n}", "Spring2026!", SPRAYER)
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    refused = _post(staff.username, STAFF_PASSWORD, SPRAYER)  # even the right password, from this address
    assert refused.status_code == 200
    assert "此网络地址登录失败次数过多" in refused.content.decode()
    assert _post(staff.username, STAFF_PASSWORD, "198.51.100.7").status_code == 302, "others sign in as usual"


def test_axes_sees_the_client_behind_a_trusted_proxy(world, settings):
    """Behind the proxy every request comes from the proxy's address: without TRUSTED_PROXIES, 20 failures of
    different people would block everyone; with it, only the sprayer's own address is refused."""
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    staff = world.staff("proxied", world.target, [VIEW_UNIT])
    for n in range(20):
        _post(f"nobody{n}", "Spring2026!", "10.0.0.5", HTTP_X_FORWARDED_FOR=SPRAYER)
    blocked = _post(staff.username, STAFF_PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR=SPRAYER)
    assert "此网络地址登录失败次数过多" in blocked.content.decode()
    ok = _post(staff.username, STAFF_PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ok.status_code == 302


def test_deploy_check_refuses_the_file_sms_backend(settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.FileSmsBackend"
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "gonghui.E011" in ids
    settings.SMS_BACKEND = "gonghui.accounts.sms.DisabledSmsBackend"
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "gonghui.E011" not in ids
    assert "gonghui.E010" not in ids
