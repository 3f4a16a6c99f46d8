"""Optional error reporting to a federation's own Sentry (``SENTRY_DSN``); nothing is sent without it.

Personal data stays home: no default PII (user, cookies, client address), no request bodies (a form may hold an ID
number), no local variables of stack frames, and the message and breadcrumbs pass the log redaction.
"""

from __future__ import annotations

from typing import Any

from gonghui.common.logredact import redact


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in {"cookie", "authorization", "x-csrftoken", "x-forwarded-for", "x-real-ip"}:
                    headers.pop(name)
    logentry = event.get("logentry")
    if isinstance(logentry, dict) and isinstance(logentry.get("message"), str):
        logentry["message"] = redact(logentry["message"])
        logentry.pop("params", None)
    for exc in (event.get("exception") or {}).get("values", []) or []:
        if isinstance(exc.get("value"), str):
            exc["value"] = redact(exc["value"])
    return event


def options(dsn: str, *, environment: str, release: str | None, traces_sample_rate: float) -> dict[str, Any]:
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "release": release or None,
        "traces_sample_rate": traces_sample_rate,
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "before_send": before_send,
        "integrations": [DjangoIntegration()],
    }


def init(
    dsn: str, *, environment: str = "production", release: str | None = None, traces_sample_rate: float = 0.0
) -> bool:
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(**options(dsn, environment=environment, release=release, traces_sample_rate=traces_sample_rate))
    return True
