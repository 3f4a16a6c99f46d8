"""Structured logs: JSON lines with the request id (X-Request-ID honoured and returned), no personal data."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from gonghui.common.context import request_context
from gonghui.common.logredact import redact
from gonghui.ops.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Capture what the console handler would write, through the project's filter and formatter."""
    records: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Capture()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("gonghui.access")
    root = logging.getLogger()
    old_level = access.level
    access.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        access.setLevel(old_level)


def test_request_id_honoured_returned_and_logged(json_lines):
    response = Client().get("/login/?phone=13800000001", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response["X-Request-ID"] == "abcdef0123456789"
    lines = [json.loads(line) for line in json_lines]
    access = [line for line in lines if line["logger"] == "gonghui.access"]
    assert access, lines
    entry = access[-1]
    assert entry["request_id"] == "abcdef0123456789"
    assert entry["view"] == "portal:login"
    assert entry["status"] == 200
    assert entry["http_method"] == "GET"
    assert isinstance(entry["duration_ms"], float)
    assert "13800000001" not in json_lines[-1]
    assert "phone" not in json_lines[-1]


def test_malformed_request_id_is_replaced():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    response = Client().get("/login/", HTTP_X_REQUEST_ID="bad id<script>")
    rid = response["X-Request-ID"]
    assert rid != "bad id<script>"
    assert len(rid) == 32


def test_request_id_on_every_record_and_pii_redacted(json_lines):
    log = logging.getLogger("gonghui.something")
    with request_context(request_id="req-1234567890"):
        log.warning("member %s phone %s", "330106199001011234", "13912345678", extra={"note": "id 33010619900101123X"})
    entry = json.loads(json_lines[-1])
    assert entry["request_id"] == "req-1234567890"
    assert entry["level"] == "WARNING"
    assert "330106199001011234" not in json_lines[-1]
    assert "13912345678" not in json_lines[-1]
    assert "33010619900101123X" not in json_lines[-1]
    # One redaction rule for every log line: the handler's number filter and the formatter agree.
    assert entry["message"] == "member 330***********1234 phone 139****5678"


def test_redact_leaves_ordinary_numbers():
    assert redact("order 12345 amount 199.00 at 2026-12-05") == "order 12345 amount 199.00 at 2026-12-05"
    assert redact("+8613912345678") == "+861******5678"
