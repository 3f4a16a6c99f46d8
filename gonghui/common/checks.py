"""Deployment checks of the project's own secrets (run by ``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def pii_keys_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.PII_KEYS == settings.DEV_PII_KEYS or settings.PII_INDEX_KEY == settings.DEV_PII_INDEX_KEY:
        errors.append(
            Error(
                "The development keys for personal data are in use.",
                hint="Set PII_KEYS, PII_ACTIVE_KEY_ID and PII_INDEX_KEY from your secret store.",
                id="gonghui.E001",
            )
        )
    if settings.PII_ACTIVE_KEY_ID not in settings.PII_KEYS:
        errors.append(Error("PII_ACTIVE_KEY_ID names no key of PII_KEYS.", id="gonghui.E002"))
    return errors
