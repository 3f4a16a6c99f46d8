"""Keeping personal numbers out of the logs.

Searches by ID number or phone are GET requests (``?q=330106…``: bookmarkable lists, the console and the API
alike), so their query strings reach every log that writes a request line. Rather than move every search to POST,
logs are redacted at the one place all lines pass (the ``console`` handler, ``config/settings/base.py``) and the
gunicorn access log writes paths without their query string (``gunicorn.conf.py``):

- in a query string (``?…`` in a line), every value holding four digits in a row (decoded, spaces and hyphens
  ignored) becomes ``***`` (an ID tail, a phone, a full number);
- anywhere in a line, a run of 11 or more digits (an ID number, a mobile, a card) keeps only its first 3 and
  last 4 digits.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

_QUERY = re.compile(r"\?[^\s\"']*")
_VALUE = re.compile(r"(=)([^&#\s\"']*)")
_DIGITS4 = re.compile(r"\d{4}")
_LONG = re.compile(r"(?<!\d)\d(?:[ \-]?\d){9,}[ \-]?[\dXx](?!\d)")


def _numeric(value: str) -> bool:
    plain = re.sub(r"[\s\-]", "", unquote_plus(value))
    return bool(_DIGITS4.search(plain))


def _query(found: re.Match[str]) -> str:
    return _VALUE.sub(lambda m: m[1] + ("***" if _numeric(m[2]) else m[2]), found[0])


def _long(found: re.Match[str]) -> str:
    digits = [ch for ch in found[0] if ch not in " -"]
    return "".join(digits[:3]) + "*" * (len(digits) - 7) + "".join(digits[-4:])


def redact(message: str) -> str:
    return _LONG.sub(_long, _QUERY.sub(_query, message))


class RedactPersonalNumbers(logging.Filter):
    """Rewrites each record's message through :func:`redact` (arguments merged in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is left to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
