"""Deployment check of the member cards' signing key (run by ``manage.py check --deploy``; registered when the
members app is ready)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register

from gonghui.members.cards import tokens


@register(Tags.security, deploy=True)
def member_card_key_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        tokens.private_key()
    except Exception as exc:  # noqa: BLE001 - any failure to load the key is the finding
        return [Error(f"MEMBER_CARD_SIGNING_KEY cannot be loaded: {exc}", id="gonghui.E004")]
    if tokens.using_dev_key():
        return [
            Error(
                "Member cards are signed with the development key.",
                hint="Set MEMBER_CARD_SIGNING_KEY (base64 of a raw 32-byte Ed25519 private key).",
                id="gonghui.E003",
            )
        ]
    return []
