"""Structured logs: one JSON object per line, with the request id, and personal data redacted.

``LOG_FORMAT=json`` (the production default) selects :class:`JsonFormatter`. Every record gets the current request id
(:mod:`gonghui.common.context`) through :class:`RequestIdFilter`. As a second line of defence, digits that look like a
resident ID number or a mainland mobile number are masked in the message and in the extra fields.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from gonghui.common.context import current

# 18-digit resident ID numbers (last character may be X) and 11-digit mainland mobiles, not inside longer numbers.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def redact(text: str) -> str:
    return _MOBILE.sub("[phone]", _ID_NUMBER.sub("[id-number]", text))


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current().request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or current().request_id or "-",
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            payload[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            payload["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            payload["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)
