import pytest


@pytest.fixture(autouse=True)
def sms_outbox(settings, tmp_path):
    """Each test reads and writes its own SMS outbox file."""
    settings.SMS_OUTBOX_FILE = tmp_path / "sms-outbox.log"
    return settings.SMS_OUTBOX_FILE
