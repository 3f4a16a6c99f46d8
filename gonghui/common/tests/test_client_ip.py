"""``common.middleware.client_ip``: the one client address (SMS throttles, django-axes, the audit trail), read
behind trusted reverse proxies from ``X-Forwarded-For`` right to left (security finding 2)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory

from gonghui.common.middleware import client_ip

rf = RequestFactory()


def _ip(remote, xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(rf.get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.9", "1.2.3.4") == "203.0.113.9"


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/16"]
    assert _ip("10.0.0.5", "198.51.100.7") == "198.51.100.7"
    # the client forged a left-most entry; two trusted hops are skipped
    assert _ip("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    assert _ip("10.0.0.5", "[2001:db8::1]:443") == "2001:db8::1"
    assert _ip("10.0.0.5", "garbage, 198.51.100.7") == "198.51.100.7"
    assert _ip("10.0.0.5", "198.51.100.7, garbage") == "10.0.0.5", "a malformed hop stops at the proxy"
    assert _ip("10.0.0.5") == "10.0.0.5"
    assert _ip("203.0.113.9", "1.2.3.4") == "203.0.113.9", "an untrusted peer's header is not believed"


def test_every_user_of_the_address_goes_through_it():
    assert settings.AXES_CLIENT_IP_CALLABLE == "gonghui.common.middleware.client_ip"


@pytest.mark.django_db
def test_audit_trail_records_the_client_behind_the_proxy(settings, client):
    from gonghui.common import context

    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    seen = {}

    def grab(request):
        seen["ip"] = context.current().ip
        from django.http import HttpResponse

        return HttpResponse()

    from gonghui.common.middleware import RequestContextMiddleware

    RequestContextMiddleware(grab)(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7"))
    assert seen["ip"] == "198.51.100.7"
