"""Per-request context (request id, client address) for audit records and logs.

Set by :class:`gonghui.common.middleware.RequestContextMiddleware`; management commands and
background jobs run with an empty context and may set one with :func:`request_context`.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "gonghui_request_context",
    default=RequestContext(),  # noqa: B039 (immutable default)
)


def current() -> RequestContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def request_context(*, request_id: str | None = None, ip: str | None = None) -> Iterator[RequestContext]:
    ctx = RequestContext(request_id=request_id or new_request_id(), ip=ip)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
