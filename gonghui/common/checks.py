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


@register(Tags.security, deploy=True)
def member_card_key_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    from gonghui.members.cards import tokens as card

    try:
        card.private_key()
    except Exception as exc:  # noqa: BLE001 - any failure to load the key is the finding
        return [Error(f"MEMBER_CARD_SIGNING_KEY cannot be loaded: {exc}", id="gonghui.E004")]
    if card.using_dev_key():
        return [
            Error(
                "Member cards are signed with the development key.",
                hint="Set MEMBER_CARD_SIGNING_KEY (base64 of a raw 32-byte Ed25519 private key).",
                id="gonghui.E003",
            )
        ]
    return []
