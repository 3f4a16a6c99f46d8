"""Pluggable SMS backends. Settings ``SMS_BACKEND`` names the class; a provider adapter implements ``send``."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.common.masking import mask_phone

log = logging.getLogger("gonghui.sms")


class SmsBackend(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class FileSmsBackend:
    """Development backend: writes each message to the log and appends ``phone<TAB>message`` to a file."""

    def send(self, phone: str, message: str) -> None:
        path = settings.SMS_OUTBOX_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now(tz=UTC).isoformat()}\t{phone}\t{message}\n")
        # The development console shows the code; production backends never log it.
        print(f"[SMS to {mask_phone(phone)}] {message}")  # noqa: T201


class DisabledSmsBackend:
    """For a deployment without SMS sign-in: sends nothing and never logs the code (only that a message was
    dropped). A real deployment sets ``SMS_BACKEND`` to its provider's adapter, a class with ``send``."""

    def send(self, phone: str, message: str) -> None:
        log.warning("SMS sign-in is disabled: no message sent to %s", mask_phone(phone))


def get_backend() -> SmsBackend:
    cls = import_string(settings.SMS_BACKEND)
    backend: SmsBackend = cls()
    return backend


def read_outbox_code(phone: str) -> str | None:
    """The newest code sent to ``phone`` by :class:`FileSmsBackend` (tests and development only)."""
    path = settings.SMS_OUTBOX_FILE
    if not path.exists():
        return None
    code = None
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == phone:
            digits = "".join(ch for ch in parts[2] if ch.isdigit())
            code = digits[:6] if len(digits) >= 6 else code
    return code
