"""Failed sign-ins and lockouts feed the metrics (no username, phone or address is recorded); a sign-in starts the
session lifetime clock."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_login_failed

from gonghui.ops import metrics


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    method = "sms" if "sms_code" in credentials or "phone" in credentials else "password"
    metrics.LOGIN_FAILURES.labels(method=method).inc()


def on_locked_out(sender: Any, **kwargs: Any) -> None:
    metrics.LOGIN_LOCKOUTS.inc()


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Start the session lifetime clock at sign-in (gonghui.ops.middleware.SessionLifetimeMiddleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session["_gh_started"] = now
        session["_gh_seen"] = now


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_logged_in, dispatch_uid="gonghui.ops.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="gonghui.ops.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="gonghui.ops.locked_out")
