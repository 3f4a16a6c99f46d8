"""Deployment checks of sign-in (run by ``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

from gonghui.accounts.sms import FileSmsBackend


@register(Tags.security, deploy=True)
def sms_backend_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Production never writes sign-in codes to a file and stdout (the development backend)."""
    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError:
        return [Error(f"SMS_BACKEND names no class: {settings.SMS_BACKEND!r}.", id="gonghui.E010")]
    if isinstance(backend, type) and issubclass(backend, FileSmsBackend):
        return [
            Error(
                "The development SMS backend (codes written to a file and stdout) is in use.",
                hint="Set SMS_BACKEND to your provider's adapter (or gonghui.accounts.sms.DisabledSmsBackend "
                "where workers do not sign in by SMS).",
                id="gonghui.E011",
            )
        ]
    return []
