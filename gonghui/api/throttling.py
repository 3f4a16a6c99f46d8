"""API request rates (DRF's ``DEFAULT_THROTTLE_CLASSES``): signed-in callers per account, anonymous callers per
client address.

The client address is the project's one ``common.middleware.client_ip`` (``TRUSTED_PROXIES``), the same address
the sign-in throttles, django-axes and the audit trail use; DRF's own ``get_ident`` trusts ``NUM_PROXIES`` hops of
``X-Forwarded-For`` instead, and would disagree with them behind a proxy. Rates come from
``settings.API_THROTTLE_RATES`` (read on every request, so a deployment or a test may change them) and counts are
kept in the default cache (Redis in production: shared by every worker). Refusals answer 429 with
``Retry-After``, documented on every operation (``gonghui.api.schema``).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from gonghui.common.middleware import client_ip


class _ClientAddress:
    scope: str

    def get_ident(self, request: Request) -> str:
        return client_ip(request._request) or "unknown"

    def get_rate(self) -> str | None:
        # Throttles are made afresh for every request, so the rate is read from settings each time (DRF's
        # default reads a dict bound when its class was imported).
        rate: str | None = settings.API_THROTTLE_RATES.get(self.scope)
        return rate


class AnonThrottle(_ClientAddress, AnonRateThrottle):
    """Anonymous callers (the public member-card check, the schema), per client address."""

    scope = "anon"


class UserThrottle(_ClientAddress, UserRateThrottle):
    """Signed-in callers per account (a token used from many addresses shares one allowance)."""

    scope = "user"
