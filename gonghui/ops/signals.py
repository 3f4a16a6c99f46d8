"""Failed sign-ins and lockouts feed the metrics (no username, phone or address is recorded)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed

from gonghui.ops import metrics


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    method = "sms" if "sms_code" in credentials or "phone" in credentials else "password"
    metrics.LOGIN_FAILURES.labels(method=method).inc()


def on_locked_out(sender: Any, **kwargs: Any) -> None:
    metrics.LOGIN_LOCKOUTS.inc()


def connect() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(on_login_failed, dispatch_uid="gonghui.ops.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="gonghui.ops.locked_out")
