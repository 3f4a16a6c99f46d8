"""Encryption at rest for personal data (ID numbers, health data) and keyed indexes for looking it up.

- ``encrypt``/``decrypt``: AES-256-GCM; the token is ``<key id>$<base64(nonce || ciphertext+tag)>`` so keys can
  rotate: new values use ``PII_ACTIVE_KEY_ID``, old values stay readable while their key is listed.
- ``encrypt_file``/``decrypt_file``: the same keys over a file, streamed in 1 MiB chunks (uploaded rosters).
- ``blind_index``: HMAC-SHA256 under a separate key (``PII_INDEX_KEY``) for uniqueness and exact lookups without
  the plaintext; ``suffix_index`` does the same for the last *n* characters (search by an ID number's tail).

Keys come from the environment (settings ``PII_KEYS`` = ``{"k1": "<base64 32 bytes>", ...}``); the development
default is refused by ``check --deploy`` (``gonghui.common.checks``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable
from functools import cache
from typing import IO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12


class DecryptionError(ValueError):
    pass


@cache
def _keys() -> dict[str, AESGCM]:
    out = {}
    for kid, b64 in settings.PII_KEYS.items():
        raw = base64.b64decode(b64)
        if len(raw) != 32:
            raise ValueError(f"PII key {kid!r} must be 32 bytes (base64 encoded)")
        out[kid] = AESGCM(raw)
    return out


@cache
def _index_key() -> bytes:
    raw = base64.b64decode(settings.PII_INDEX_KEY)
    if len(raw) < 32:
        raise ValueError("PII_INDEX_KEY must be at least 32 bytes (base64 encoded)")
    return raw


def encrypt(plaintext: str, *, associated: bytes = b"") -> str:
    kid = settings.PII_ACTIVE_KEY_ID
    nonce = os.urandom(NONCE_BYTES)
    sealed = _keys()[kid].encrypt(nonce, plaintext.encode(), associated or None)
    return f"{kid}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, associated: bytes = b"") -> str:
    try:
        kid, b64 = token.split("$", 1)
        blob = base64.b64decode(b64)
        return _keys()[kid].decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated or None).decode()
    except Exception as exc:  # noqa: BLE001 - any failure means the token cannot be read
        raise DecryptionError("cannot decrypt personal data (unknown key or altered value)") from exc


def key_id(token: str) -> str:
    return token.split("$", 1)[0]


def blind_index(value: str, *, purpose: str = "id") -> str:
    """A keyed, deterministic digest of ``value`` (hex, 32 chars) for equality lookups and unique constraints."""
    mac = hmac.new(_index_key(), f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def suffix_index(value: str, n: int, *, purpose: str = "id") -> str:
    """A keyed digest of the last ``n`` characters (hex, 16 chars): search by tail without storing it."""
    mac = hmac.new(_index_key(), f"{purpose}-tail{n}\x00{value[-n:]}".encode(), hashlib.sha256)
    return mac.hexdigest()[:16]


def reset_caches() -> None:
    _keys.cache_clear()
    _index_key.cache_clear()


# -- files --------------------------------------------------------------------------------------------------------
# A file encrypted at rest: ``MAGIC``, the key id (one length byte + ASCII), then chunks of at most ``FILE_CHUNK``
# plaintext bytes, each ``nonce || ciphertext+tag``. Every chunk's associated data is the header, its index and a
# final flag, so chunks cannot be reordered, dropped or cut off at the end without the read failing.

FILE_MAGIC = b"GHENC1\n"
FILE_CHUNK = 1 << 20
_SEALED_CHUNK = NONCE_BYTES + FILE_CHUNK + 16


def _chunk_ad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def encrypt_file(chunks: Iterable[bytes], out: IO[bytes]) -> int:
    """Write the bytes of ``chunks`` to ``out`` encrypted (AES-256-GCM, ``PII_ACTIVE_KEY_ID``), in constant memory;
    returns the number of plaintext bytes."""
    kid = settings.PII_ACTIVE_KEY_ID
    aead = _keys()[kid]
    header = FILE_MAGIC + bytes([len(kid)]) + kid.encode()
    out.write(header)
    pending = b""
    index = total = 0

    def seal(block: bytes, final: bool) -> None:
        nonce = os.urandom(NONCE_BYTES)
        out.write(nonce + aead.encrypt(nonce, block, _chunk_ad(header, index, final)))

    for chunk in chunks:
        total += len(chunk)
        pending += chunk
        while len(pending) > FILE_CHUNK:  # keep one full chunk back: the last one is sealed as final
            seal(pending[:FILE_CHUNK], False)
            pending = pending[FILE_CHUNK:]
            index += 1
    seal(pending, True)
    return total


def is_encrypted_file(head: bytes) -> bool:
    return head.startswith(FILE_MAGIC)


def decrypt_file(src: IO[bytes], out: IO[bytes]) -> int:
    """Write the plaintext of an :func:`encrypt_file` file to ``out``; ``DecryptionError`` when it was altered,
    cut short or sealed under an unknown key. Returns the number of plaintext bytes."""
    magic = src.read(len(FILE_MAGIC))
    size = src.read(1)
    if magic != FILE_MAGIC or not size:
        raise DecryptionError("not an encrypted file")
    kid = src.read(size[0])
    header = magic + size + kid
    try:
        aead = _keys()[kid.decode()]
    except (KeyError, UnicodeDecodeError):
        raise DecryptionError("encrypted under an unknown key") from None
    index = total = 0
    block = src.read(_SEALED_CHUNK)
    while True:
        following = src.read(_SEALED_CHUNK)
        final = not following
        try:
            plain = aead.decrypt(block[:NONCE_BYTES], block[NONCE_BYTES:], _chunk_ad(header, index, final))
        except Exception as exc:  # noqa: BLE001 - any failure means the file cannot be trusted
            raise DecryptionError("encrypted file altered or cut short") from exc
        out.write(plain)
        total += len(plain)
        if final:
            return total
        block, index = following, index + 1
