"""API request rates are enforced (``gonghui.api.throttling``): per account when signed in, per client address
(``common.middleware.client_ip``, ``TRUSTED_PROXIES``) when not; 429 with ``Retry-After``, as the schema says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gonghui.authz import registry

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/member-cards/verify/not-a-token/"
UNITS = "/api/v1/units/"


@pytest.fixture(autouse=True)
def low_rates(settings) -> Iterator[None]:
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": "5/min"}
    cache.clear()
    yield
    cache.clear()


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _statuses(client: APIClient, url: str, n: int, address: str = "127.0.0.1") -> list[int]:
    return [client.get(url, REMOTE_ADDR=address).status_code for _ in range(n)]


def test_a_signed_in_caller_is_limited_per_account(world):
    everything = [str(p) for p in registry.all_perms()]
    first = _token_client(world.staff("rate", world.province, everything))
    assert _statuses(first, UNITS, 5) == [200] * 5
    refused = first.get(UNITS)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert set(refused.json()) == {"detail"}
    # Another account from the same address has its own allowance.
    other = _token_client(world.staff("rate", world.province, everything))
    assert other.get(UNITS).status_code == 200


def test_anonymous_callers_are_limited_per_address():
    client = APIClient()
    assert _statuses(client, VERIFY, 3, "198.51.100.7") == [200] * 3
    assert client.get(VERIFY, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert client.get(VERIFY, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_without_trusted_proxies_a_forwarded_header_gives_no_new_allowance(settings):
    settings.TRUSTED_PROXIES = []
    client = APIClient()
    for n in range(3):
        assert client.get(VERIFY, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
    assert client.get(VERIFY, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_trusted_proxies_each_client_has_its_own_allowance(settings):
    """Behind the proxy every request has the proxy's address: the client is read from X-Forwarded-For, the
    same way the sign-in throttles and the audit trail read it, and what the client wrote itself is not believed."""
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    client = APIClient()
    proxy = "10.0.0.5"
    for n in range(3):
        # The client forges a new leftmost entry each time; the proxy appends the real address.
        forwarded = f"192.0.2.{n}, 203.0.113.20"
        assert client.get(VERIFY, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=proxy).status_code == 200
    assert client.get(VERIFY, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.20", REMOTE_ADDR=proxy).status_code == 429
    # Another client behind the same proxy is not affected.
    assert client.get(VERIFY, HTTP_X_FORWARDED_FOR="203.0.113.21", REMOTE_ADDR=proxy).status_code == 200


def test_the_rates_are_settings():
    from django.test import override_settings

    client = APIClient()
    with override_settings(API_THROTTLE_RATES={"anon": "1/min", "user": "1/min"}):
        assert _statuses(client, VERIFY, 2, "198.51.100.9") == [200, 429]


def test_every_operation_documents_429_with_retry_after():
    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get("429")
            if answer is None or "Retry-After" not in answer.get("headers", {}):
                missing.append(f"{method.upper()} {path}")
    assert not missing
