"""Unknown query parameters on collection endpoints answer 400 (``gonghui.api.query``), for every app's lists."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.api.query import UNKNOWN_PARAMETER, declared_query_parameters, operations
from gonghui.authz import registry
from gonghui.authz.testing import login

pytestmark = pytest.mark.django_db


def _collections() -> list[str]:
    paths = []
    for regex, methods in operations():
        path = regex.pattern.strip("^$").replace("\\", "")
        if "get" in methods and "[" not in path:
            paths.append(path)
    return sorted(paths)


def test_every_app_has_collections_in_the_list():
    paths = _collections()
    for prefix in ("/api/v1/units/", "/api/v1/members/", "/api/v1/finance/payments/", "/api/v1/transfers/"):
        assert prefix in paths
    declared = declared_query_parameters("/api/v1/members/", "get")
    assert declared is not None
    assert declared >= {"unit", "q", "page"}
    assert declared_query_parameters("/api/v1/not-an-endpoint/", "get") is None


@pytest.fixture
def admin(world):
    return login(Client(), world.staff("q", world.province, [str(p) for p in registry.all_perms()]))


def test_an_unknown_parameter_is_refused_on_every_collection(admin):
    for path in _collections():
        response = admin.get(path, {"untit": "7"})
        assert response.status_code == 400, (path, response.status_code)
        assert response.json() == {"untit": [str(UNKNOWN_PARAMETER)]}, path


def test_declared_parameters_and_format_pass(admin):
    assert admin.get("/api/v1/members/", {"unit": str(1), "page": "1"}).status_code == 200
    assert admin.get("/api/v1/units/", {"format": "json"}).status_code == 200


def test_the_check_comes_after_authentication():
    assert Client().get("/api/v1/members/", {"untit": "7"}).status_code in (401, 403)
