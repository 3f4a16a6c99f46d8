"""A NUL byte in a query or a form value is refused with 400 (PostgreSQL refuses it in any text), before a view
reads it; other values pass through untouched."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.authz.testing import World, login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/console/members/", {"q": "王\x00芳"}),
        ("get", "/console/members/", {"q\x00": "x"}),
        ("post", "/console/members/", {"note": "a\x00b"}),
        ("post", "/console/members/", {"q": ["ok", "a\x00b"]}),
    ],
)
def test_a_nul_byte_in_a_query_or_a_form_is_refused(world: World, method: str, url: str, data: dict) -> None:
    client = Client()
    login(client, world.staff("nul", world.province, ["members.view_member"]))
    answer = getattr(client, method)(url, data)
    assert answer.status_code == 400
    assert "NUL" in answer.content.decode()


def test_values_without_nul_bytes_pass(world: World) -> None:
    client = Client()
    login(client, world.staff("nul", world.province, ["members.view_member"]))
    assert client.get("/console/members/", {"q": "王芳"}).status_code == 200
