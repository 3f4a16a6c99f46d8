"""Optional Sentry: off without SENTRY_DSN; with it, events leave without personal data."""

from __future__ import annotations

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from gonghui.ops import sentry


class Recorder(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


def test_no_dsn_no_sentry():
    assert sentry.init("") is False


def test_options_keep_personal_data_home():
    opts = sentry.options("https://key@sentry.example.org/1", environment="prod", release=None, traces_sample_rate=0)
    assert opts["send_default_pii"] is False
    assert opts["max_request_body_size"] == "never"
    assert opts["include_local_variables"] is False


@pytest.fixture
def recorder():
    transport = Recorder()
    opts = sentry.options("https://key@sentry.example.org/1", environment="test", release="t", traces_sample_rate=0)
    opts["transport"] = transport
    sentry_sdk.init(**opts)
    try:
        yield transport
    finally:
        sentry_sdk.init()  # back to a disabled client


def test_captured_exception_is_redacted(recorder):
    # Built at run time, so that the numbers are not in the source lines Sentry sends as context.
    id_number = "3301061990" + "01011234"
    phone = "139" + "12345678"
    try:
        raise ValueError(f"bad member {id_number} phone {phone}")
    except ValueError as exc:
        sentry_sdk.capture_exception(exc)
    sentry_sdk.flush()
    assert recorder.events
    text = repr(recorder.events)
    assert "330106199001011234" not in text
    assert "13912345678" not in text
    assert "330***********1234" in text


def test_before_send_strips_request_body_cookies_and_auth():
    event = {
        "request": {
            "data": {"id_number": "330106199001011234"},
            "cookies": {"sessionid": "x"},
            "query_string": "q=张三",
            "headers": {"Cookie": "sessionid=x", "Authorization": "Token t", "User-Agent": "ua"},
        }
    }
    out = sentry.before_send(event, {})
    assert out["request"] == {"headers": {"User-Agent": "ua"}}
