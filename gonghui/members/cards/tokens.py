"""Member card tokens: a compact JSON payload signed with Ed25519, checkable offline with the public key.

``token = base64url(payload) + "." + base64url(signature)`` (no padding). The payload carries only what the
card shows: ``{"d": issued date, "id": card id, "m": masked name, "n": member number, "u": union short name}``;
never the ID or phone number.

The signing key is ``settings.MEMBER_CARD_SIGNING_KEY``: the base64 of the raw 32-byte Ed25519 private key
(``python -c "import base64,os; print(base64.b64encode(os.urandom(32)).decode())"``). Without it a fixed
development key is used, which production must never run with (see :func:`using_dev_key`).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

# Development only: a well-known key. Production sets MEMBER_CARD_SIGNING_KEY (the deploy check refuses this one).
DEV_SIGNING_KEY = "ZGV2LW9ubHktbWVtYmVyLWNhcmQta2V5LTMyYnl0ZXM="  # b"dev-only-member-card-key-32bytes"

MAX_TOKEN_LENGTH = 1024


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def configured_key() -> str:
    return str(getattr(settings, "MEMBER_CARD_SIGNING_KEY", "") or DEV_SIGNING_KEY)


def using_dev_key() -> bool:
    return configured_key() == DEV_SIGNING_KEY


@lru_cache(maxsize=4)
def _private_key(encoded: str) -> Ed25519PrivateKey:
    raw = base64.b64decode(encoded)
    if len(raw) != 32:
        raise ValueError("MEMBER_CARD_SIGNING_KEY must be the base64 of 32 raw bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key() -> Ed25519PrivateKey:
    return _private_key(configured_key())


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def make_payload(*, card_id: str, member_no: str, masked_name: str, union: str, issued: str) -> str:
    """The compact, canonical JSON signed into the token (sorted keys, no spaces)."""
    data = {"d": issued, "id": card_id, "m": masked_name, "n": member_no, "u": union}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sign(payload: str, key: Ed25519PrivateKey | None = None) -> str:
    raw = payload.encode("utf-8")
    signature = (key or private_key()).sign(raw)
    return f"{_b64e(raw)}.{_b64e(signature)}"


@dataclass(frozen=True)
class CardClaims:
    card_id: str
    member_no: str
    masked_name: str
    union: str
    issued: str


def verify(token: str, key: Ed25519PublicKey | None = None) -> CardClaims | None:
    """The claims of a well-formed token signed by the card key, else ``None`` (never says why)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        return None
    head, sig = token.split(".")
    try:
        raw, signature = _b64d(head), _b64d(sig)
        (key or public_key()).verify(signature, raw)
        data: Any = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, InvalidSignature, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        return CardClaims(
            card_id=str(data["id"]),
            member_no=str(data["n"]),
            masked_name=str(data["m"]),
            union=str(data["u"]),
            issued=str(data["d"]),
        )
    except KeyError:
        return None
