"""A local URL sweep over the pages and endpoints of orgs, authz and audit, using their ``tests/sweep.py``.

It applies the project sweep's rules to these apps' URLs so that a new URL without a resolver, or one that
leaks the target's data, fails here first: anonymous → login redirect / 401 / 403; a worker → 403/404;
sibling staff holding every permission → 403/404 or a page without CANARY; province staff → 200 on GET
(405 for POST-only URLs).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.authz.testing import CANARY, login

APPS = ("orgs", "authz", "audit")
API_PREFIXES = ("units-", "employers-", "roles-", "grants-", "audit-events-")


def _resolvers() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for app in APPS:
        merged.update(importlib.import_module(f"gonghui.{app}.tests.sweep").RESOLVERS)
    return merged


def _kwarg_names(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(p for p in (namespace, entry.namespace or "") if p)
            found.extend(_walk(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}:{entry.name}" if namespace else entry.name, _kwarg_names(entry)))
    return found


def swept_urls() -> list[tuple[str, list[str]]]:
    urls = []
    for name, kwargs in _walk(get_resolver().url_patterns):
        if "format" in kwargs:
            continue
        if name.split(":")[0] in APPS or (name.startswith("v1:") and name[3:].startswith(API_PREFIXES)):
            urls.append((name, kwargs))
    return sorted(set((n, tuple(k)) for n, k in urls))  # type: ignore[misc]


def test_the_sweep_finds_every_page():
    names = {name for name, _ in swept_urls()}
    assert {
        "orgs:unit_detail",
        "authz:reveal_phone",
        "audit:event_detail",
        "v1:units-move",
        "v1:grants-revoke",
    } <= names
    resolvers = _resolvers()
    missing = {(name, k) for name, kwargs in swept_urls() for k in kwargs if k not in resolvers}
    assert not missing, f"URL kwargs without a resolver in tests/sweep.py: {missing}"


@pytest.mark.parametrize(("name", "kwargs"), swept_urls())
def test_sweep(world, name, kwargs):
    resolvers = _resolvers()
    url = reverse(name, kwargs={k: resolvers[k](world) for k in kwargs})
    anything = "orgs.view_unit"  # the matrix actors hold every permission (or none) whatever this is
    anonymous = Client().get(url)
    assert anonymous.status_code in {302, 401, 403}, f"anonymous {url}: {anonymous.status_code}"
    if anonymous.status_code == 302:
        assert "login" in anonymous["Location"]
    worker = login(Client(), world.member).get(url)
    assert worker.status_code in {403, 404}, f"worker {url}: {worker.status_code}"
    sibling = login(Client(), world.actor("sibling", anything)).get(url)
    if sibling.status_code not in {403, 404}:
        assert sibling.status_code in {200, 405}, f"sibling {url}: {sibling.status_code}"
        assert CANARY not in sibling.content.decode(errors="replace"), f"sibling sees target data at {url}"
    province = login(Client(), world.actor("ancestor", anything)).get(url)
    assert province.status_code in {200, 405}, f"province {url}: {province.status_code}"
