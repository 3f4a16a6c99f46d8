"""``http_matrix`` for platform-wide data edited only by holders at a tree root.

``gonghui.authz.testing.http_matrix`` expects ``same_with`` (every permission at the target district) to be
allowed; for root-only permissions (``access.require_at_root``) that actor must be refused with 403 and
change nothing. This wrapper runs the standard matrix and then checks ``same_with`` on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from gonghui.audit.models import AuditEvent
from gonghui.authz.testing import World, http_matrix, login


def root_only_http_matrix(
    world: World,
    perm: str,
    method: str,
    url: str,
    *,
    data: dict[str, Any] | None = None,
    state: Callable[[World], Any] | None = None,
    json: bool = False,
) -> dict[str, Any]:
    responses = http_matrix(
        world,
        perm,
        method,
        url,
        data=data,
        state=state,
        json=json,
        allowed=("same_with", "ancestor"),
        ok_statuses=(200, 201, 204, 302, 403),
    )
    assert responses["ancestor"].status_code in (200, 201, 204, 302), responses["ancestor"].status_code
    assert responses["same_with"].status_code == 403, responses["same_with"].status_code
    # Once more outside the matrix's savepoint: the refusal changed nothing.
    client = login(Client(), world.actor("same_with", perm))
    before = state(world) if state else None
    events = AuditEvent.objects.count()
    kwargs: dict[str, Any] = {}
    if data is not None:
        kwargs["data"] = data
        if json:
            kwargs["content_type"] = "application/json"
    assert getattr(client, method)(url, **kwargs).status_code == 403
    assert AuditEvent.objects.count() == events
    if state:
        assert state(world) == before
    return responses
