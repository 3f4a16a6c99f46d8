"""Every URL of the project, requested as the matrix actors (see ``gonghui.authz.testing``).

A new page or endpoint is covered the moment its URL pattern exists: if it needs a URL argument, its app
adds a resolver to ``gonghui/<app>/tests/sweep.py``; if it is meant to be public, it is listed in ``PUBLIC``
there; pages for any signed-in account (a worker's own data) are listed in ``SIGNED_IN``.
What the sweep asserts, for every pattern:

- anonymous visitors are sent to a login page or refused (401/403), unless the URL is public;
- a worker with no role and staff of the sibling unit (holding every permission there) never receive
  anything from the target unit's subtree (its names carry ``CANARY``), and their POSTs change nothing;
- staff at the province (every permission) can open every GET page: the resolvers really reach the object;
  pages that need a permission held only where it is granted (``inherited=False``: keeping a union's own books)
  are listed in ``LOCAL_ONLY`` and are opened by the target's own staff instead.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import CANARY, World, login

pytestmark = pytest.mark.django_db

# Framework URLs that are public by design.
FRAMEWORK_PUBLIC = {"set_language", "api-schema", "api-docs", "api-redoc", "v1:api-root"}
NOT_SWEPT: set[str] = set()


def _sweep_modules() -> Iterator[Any]:
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.sweep")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests.sweep", f"{config.name}.tests"):
                raise


def _collect() -> tuple[dict[str, Callable[[World], Any]], set[str], set[str], set[str]]:
    resolvers: dict[str, Callable[[World], Any]] = {"format": lambda w: "json"}
    public: set[str] = set(FRAMEWORK_PUBLIC)
    signed_in: set[str] = set()
    local_only: set[str] = set()
    for module in _sweep_modules():
        for key, fn in getattr(module, "RESOLVERS", {}).items():
            assert key not in resolvers or key == "format", f"sweep resolver {key!r} defined twice"
            resolvers[key] = fn
        public |= set(getattr(module, "PUBLIC", set()))
        signed_in |= set(getattr(module, "SIGNED_IN", set()))
        local_only |= set(getattr(module, "LOCAL_ONLY", set()))
    return resolvers, public, signed_in, local_only


def _patterns(resolver: URLResolver, ns: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield (ns + p.name) if p.name else "", p


def _kwarg_names(pattern: URLPattern) -> list[str]:
    regex = pattern.pattern.regex.pattern
    return re.findall(r"\?P<(\w+)>", regex)


def all_url_names() -> list[str]:
    names = sorted({name for name, _ in _patterns(get_resolver()) if name})
    return [n for n in names if n not in NOT_SWEPT]


def test_every_url_pattern_is_named():
    unnamed = [str(p.pattern) for name, p in _patterns(get_resolver()) if not name]
    assert not unnamed, f"URL patterns without a name cannot be swept: {unnamed}"


def _build_url(world: World, name: str, resolvers: dict[str, Callable[[World], Any]]) -> str:
    candidates = [p for n, p in _patterns(get_resolver()) if n == name]
    # Some names (DRF format suffixes) have several patterns: take the one without ``format``.
    candidates.sort(key=lambda p: "format" in _kwarg_names(p))
    kwargs_names = _kwarg_names(candidates[0])
    kwargs: dict[str, Any] = {}
    basename = name.split(":")[-1].rsplit("-", 1)[0].replace("-", "_")
    for kw in kwargs_names:
        keys = [f"{name}:{kw}"]
        if kw == "pk":
            keys.append(f"{basename}_id")
        keys.append(kw)
        fn = next((resolvers[k] for k in keys if k in resolvers), None)
        assert fn is not None, (
            f"URL {name!r} needs a sweep resolver for {kw!r}: "
            f"add one of {keys} to RESOLVERS in the app's tests/sweep.py"
        )
        kwargs[kw] = fn(world)
    return reverse(name, kwargs=kwargs)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("name", all_url_names())
def test_url_sweep(world: World, name: str) -> None:
    resolvers, public, signed_in, local_only = _collect()
    url = _build_url(world, name, resolvers)
    perm = "orgs.view_unit"
    is_api = url.startswith("/api/")
    is_console = url.startswith("/console/")

    # Anonymous visitors.
    anon = Client()
    response = anon.get(url)
    if name not in public:
        assert response.status_code in (302, 401, 403, 405), f"anonymous GET {url} → {response.status_code}"
        if response.status_code == 302:
            assert "login" in response["Location"], f"anonymous GET {url} redirected to {response['Location']}"
    assert CANARY not in _body(response), f"anonymous GET {url} leaks target data"

    # A worker with no role, and the sibling unit's staff holding every permission there.
    for actor_name in ("member", "sibling"):
        client = login(Client(), world.actor(actor_name, perm))
        response = client.get(url)
        assert response.status_code < 500
        assert CANARY not in _body(response), f"{actor_name} GET {url} leaks target data"
        if actor_name == "member" and (is_console or is_api) and name not in public | signed_in:
            assert response.status_code in (302, 403, 404, 405), f"worker GET {url} → {response.status_code}"
        if actor_name == "member" and name in signed_in:
            assert response.status_code in (200, 405), f"worker GET {url} (their own page) → {response.status_code}"
        events = AuditEvent.objects.count()
        response = client.post(url, data={})
        assert CANARY not in _body(response), f"{actor_name} POST {url} leaks target data"
        assert AuditEvent.objects.count() == events, f"{actor_name} POST {url} changed something"
        if is_console and name not in public and "<" not in str(url):
            assert response.status_code in (200, 302, 400, 403, 404, 405), f"{actor_name} POST {url}"

    # The province's staff reach every page (the target's own staff those that are local to a unit).
    reacher = "same_with" if name in local_only else "ancestor"
    client = login(Client(), world.actor(reacher, perm))
    response = client.get(url, HTTP_ACCEPT="text/html,application/json")
    assert response.status_code in (200, 302, 405), f"{reacher} GET {url} → {response.status_code}"
