"""The schema documents the errors the kernel API answers (security finding 3)."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def paths():
    return SchemaGenerator(api_version="v1").get_schema(request=None, public=True)["paths"]


def codes(paths, path, method):
    return set(paths[path][method]["responses"])


def test_errors_are_documented(paths):
    assert {"201", "400", "403", "404"} <= codes(paths, "/api/v1/grants/", "post")
    assert {"200", "400", "403"} <= codes(paths, "/api/v1/grants/", "get")
    assert {"200", "403", "404"} <= codes(paths, "/api/v1/grants/{grant_id}/", "get")
    assert {"200", "400", "403", "404", "409"} <= codes(paths, "/api/v1/review/cases/{case_id}/act/", "post")
    assert {"200", "400", "403", "404"} <= codes(paths, "/api/v1/units/{unit_id}/move/", "post")
    assert "409" not in codes(paths, "/api/v1/units/{unit_id}/move/", "post")


def test_event_from_status_is_nullable(paths):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    field = schema["components"]["schemas"]["Event"]["properties"]["from_status"]
    assert field.get("nullable") is True
