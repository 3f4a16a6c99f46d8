"""Worker sign-in codes: sending, verifying, expiry, lock after wrong tries, resend interval, daily limit."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.models import SmsCode, SmsFailure, User
from gonghui.accounts.services import SmsLocked, SmsRateLimited, sms_code_request, sms_code_verify, sms_is_locked
from gonghui.accounts.sms import read_outbox_code
from gonghui.audit.models import AuditEvent

PHONE = "13800138000"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def _send(phone=PHONE, ip="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            sms = sms_code_request(phone=phone, ip=ip)
        return read_outbox_code(sms.phone)

    return _send


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_code_is_sent_and_signs_in_a_new_worker(clock, send):
    code = send()
    assert code is not None
    assert len(code) == 6
    assert not SmsCode.objects.filter(code_hash__contains=code).exists()  # only a hash is stored

    user = sms_code_verify(phone=PHONE, code=code, ip="10.0.0.1")

    assert user.phone == PHONE
    assert user.username == PHONE
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="accounts.worker_register", target_id=str(user.pk)).exists()


def test_existing_account_is_reused_and_code_is_single_use(clock, send):
    existing = User.objects.create_user(username=PHONE, phone=PHONE, name="王芳")
    code = send()
    assert sms_code_verify(phone=PHONE, code=code, ip=None) == existing
    with pytest.raises(ValidationError):
        sms_code_verify(phone=PHONE, code=code, ip=None)
    assert User.objects.filter(phone=PHONE).count() == 1


def test_phone_is_normalised(clock, send):
    code = send(phone="+86 138-0013-8000")
    assert code is not None
    assert sms_code_verify(phone="138 0013 8000", code=code, ip=None).phone == PHONE


def test_code_expires_after_five_minutes(clock, send):
    code = send()
    clock.shift(timedelta(minutes=5, seconds=1))
    with pytest.raises(ValidationError) as info:
        sms_code_verify(phone=PHONE, code=code, ip=None)
    assert info.value.code == "invalid"
    assert not User.objects.filter(phone=PHONE).exists()


def test_code_still_valid_just_before_expiry(clock, send):
    code = send()
    clock.shift(timedelta(minutes=4, seconds=59))
    assert sms_code_verify(phone=PHONE, code=code, ip=None).phone == PHONE


def test_five_wrong_codes_lock_the_phone_for_fifteen_minutes(clock, send):
    code = send()
    for _ in range(4):
        with pytest.raises(ValidationError) as info:
            sms_code_verify(phone=PHONE, code=wrong(code), ip="10.0.0.2")
        assert info.value.code == "invalid"
    with pytest.raises(SmsLocked):
        sms_code_verify(phone=PHONE, code=wrong(code), ip="10.0.0.2")
    # The failures were recorded even though each attempt raised (nothing rolled back).
    assert SmsFailure.objects.filter(phone=PHONE).count() == 5
    assert sms_is_locked(PHONE)

    # Locked: even the right code is refused, and no new code is sent.
    with pytest.raises(SmsLocked):
        sms_code_verify(phone=PHONE, code=code, ip=None)
    clock.shift(timedelta(minutes=2))
    with pytest.raises(SmsLocked):
        send()

    clock.shift(timedelta(minutes=13, seconds=1))  # 15 minutes after the fifth wrong code
    assert not sms_is_locked(PHONE)
    fresh = send()
    user = sms_code_verify(phone=PHONE, code=fresh, ip=None)
    assert user.phone == PHONE
    assert not SmsFailure.objects.filter(phone=PHONE).exists()


def test_lock_lasts_fifteen_minutes_from_the_fifth_wrong_code(clock, send):
    code = send()
    for _ in range(4):
        with pytest.raises(ValidationError):
            sms_code_verify(phone=PHONE, code=wrong(code), ip=None)
    clock.shift(timedelta(minutes=10))
    with pytest.raises(SmsLocked):
        sms_code_verify(phone=PHONE, code=wrong(code), ip=None)
    clock.shift(timedelta(minutes=10))  # 20 minutes after the first failure, 10 after the fifth
    assert sms_is_locked(PHONE)
    clock.shift(timedelta(minutes=5))
    assert not sms_is_locked(PHONE)


def test_wrong_tries_spread_over_more_than_fifteen_minutes_do_not_lock(clock, send):
    code = send()
    for _ in range(4):
        with pytest.raises(ValidationError):
            sms_code_verify(phone=PHONE, code=wrong(code), ip=None)
    clock.shift(timedelta(minutes=16))
    with pytest.raises(ValidationError) as info:
        sms_code_verify(phone=PHONE, code="000000" if code != "000000" else "111111", ip=None)
    assert info.value.code == "invalid"
    assert not sms_is_locked(PHONE)


def test_resend_waits_sixty_seconds(clock, send):
    first = send()
    clock.shift(timedelta(seconds=30))
    with pytest.raises(SmsRateLimited) as info:
        send()
    assert info.value.code == "too_soon"
    clock.shift(timedelta(seconds=31))
    second = send()
    assert second is not None
    # The newest code is the one that counts.
    if first != second:
        with pytest.raises(ValidationError):
            sms_code_verify(phone=PHONE, code=first, ip=None)
    assert sms_code_verify(phone=PHONE, code=second, ip=None).phone == PHONE


def test_daily_limit_per_phone(clock, send, settings):
    for _ in range(settings.SMS_MAX_PER_PHONE_PER_DAY):
        send()
        clock.shift(timedelta(seconds=61))
    with pytest.raises(SmsRateLimited) as info:
        send()
    assert info.value.code == "daily_limit"
    clock.shift(timedelta(hours=24))
    assert send() is not None


def test_hourly_limit_per_address(clock, send, settings):
    settings.SMS_MAX_PER_IP_PER_HOUR = 3
    for n in range(3):
        send(phone=f"1380013800{n}", ip="10.9.9.9")
    with pytest.raises(SmsRateLimited) as info:
        send(phone="13800138009", ip="10.9.9.9")
    assert info.value.code == "ip_limit"
    assert send(phone="13800138009", ip="10.9.9.8") is not None


@pytest.mark.parametrize("phone", ["", "12345", "1380013800", "02887654321", "+1 415 555 0100", "abcdefghijk"])
def test_invalid_phone_is_refused(clock, phone):
    with pytest.raises(ValidationError):
        sms_code_request(phone=phone, ip=None)
    assert not SmsCode.objects.exists()


def test_inactive_account_cannot_sign_in(clock, send):
    User.objects.create_user(username=PHONE, phone=PHONE, is_active=False)
    code = send()
    with pytest.raises(ValidationError) as info:
        sms_code_verify(phone=PHONE, code=code, ip=None)
    assert info.value.code == "inactive"


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_count_as_wrong(clock, send, code):
    send()
    with pytest.raises(ValidationError):
        sms_code_verify(phone=PHONE, code=code, ip=None)
    assert SmsFailure.objects.filter(phone=PHONE).count() == 1
