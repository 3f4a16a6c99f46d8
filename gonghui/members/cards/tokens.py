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


# -- the live QR code: short and valid for a short window ---------------------------------------------------------
#
# The card page shows ``qr_sign(card_id)``: ``base64url(version ‖ card UUID ‖ expiry) + base64url(signature)``
# without a dot (1 + 16 + 4 bytes, then the 64-byte Ed25519 signature: 114 characters). It is valid for
# :data:`QR_TTL_SECONDS` and the phone fetches a fresh one every :data:`QR_REFRESH_SECONDS`, so a screenshot stops
# verifying within minutes. An offline verifier checks it with the published public key: the signature, then that
# the expiry (Unix seconds, big-endian) has not passed; the card number is the UUID.

QR_VERSION = 1
QR_TTL_SECONDS = 300
QR_REFRESH_SECONDS = 60
_QR_BODY = 1 + 16 + 4
_QR_SIG = 64
QR_TOKEN_LENGTH = len(_b64e(bytes(_QR_BODY + _QR_SIG)))


@dataclass(frozen=True)
class QrClaims:
    card_id: str  # the card's UUID, hex
    expires: int  # Unix seconds

    def expired(self, now: float) -> bool:
        return now >= self.expires


def qr_sign(card_id: str, *, now: float, ttl: int = QR_TTL_SECONDS, key: Ed25519PrivateKey | None = None) -> str:
    body = bytes([QR_VERSION]) + bytes.fromhex(card_id) + int(now + ttl).to_bytes(4, "big")
    signature = (key or private_key()).sign(body)
    return _b64e(body + signature)


def is_qr_token(token: str) -> bool:
    return len(token) == QR_TOKEN_LENGTH and "." not in token


def qr_verify(token: str, key: Ed25519PublicKey | None = None) -> QrClaims | None:
    """The claims of a genuine live-QR token (expired or not: the caller says which), else ``None``."""
    if not is_qr_token(token):
        return None
    try:
        raw = _b64d(token)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != _QR_BODY + _QR_SIG or raw[0] != QR_VERSION:
        return None
    body, signature = raw[:_QR_BODY], raw[_QR_BODY:]
    try:
        (key or public_key()).verify(signature, body)
    except InvalidSignature:
        return None
    return QrClaims(card_id=body[1:17].hex(), expires=int.from_bytes(body[17:21], "big"))
