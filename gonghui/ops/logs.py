"""Structured logs: one JSON object per line, with the request id, and personal data redacted.

``LOG_FORMAT=json`` (the production default) selects :class:`JsonFormatter`. Every record gets the current request id
(:mod:`gonghui.common.context`) through :class:`RequestIdFilter`. As a second line of defence, the message, the extra
fields and the traceback pass the project's one log redaction (:func:`gonghui.common.logredact.redact`: numbers in
query strings, and any run of 11 or more digits keeping only its first 3 and last 4).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from gonghui.common.context import current
from gonghui.common.logredact import redact

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

__all__ = ["JsonFormatter", "RequestIdFilter", "redact"]


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
