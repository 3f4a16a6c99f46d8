"""Staff authenticators: enrolment (audited), verification, replay and throttling."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.services import (
    TotpThrottled,
    totp_device_pending,
    totp_enrol_confirm,
    totp_verify,
)
from gonghui.accounts.tests.factories import UserFactory
from gonghui.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def wrong_code(device) -> str:
    return f"{(int(code_for(device)) + 500000) % 10**6:06d}"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2025, 3, 3, 9, 0, 5, tzinfo=UTC), tick=False)
    return time_machine


def test_pending_device_is_reused_until_confirmed(clock):
    user = UserFactory.create()
    first = totp_device_pending(actor=user)
    assert totp_device_pending(actor=user) == first
    assert not first.confirmed


def test_enrol_confirms_device_and_writes_audit_event(clock):
    user = UserFactory.create()
    stale = TOTPDevice.objects.create(user=user, name="old", confirmed=False)
    newest = TOTPDevice.objects.create(user=user, name="new", confirmed=False)
    device = totp_device_pending(actor=user)
    assert device == newest

    confirmed = totp_enrol_confirm(actor=user, device_id=device.pk, token=code_for(device))

    assert confirmed.confirmed
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [(device.pk, True)]
    assert not TOTPDevice.objects.filter(pk=stale.pk).exists()
    event = AuditEvent.objects.get(action="accounts.totp_enrol")
    assert event.actor_id == user.pk
    assert event.target_id == str(user.pk)


def test_enrol_with_wrong_code_changes_nothing(clock):
    user = UserFactory.create()
    device = totp_device_pending(actor=user)
    with pytest.raises(ValidationError):
        totp_enrol_confirm(actor=user, device_id=device.pk, token=wrong_code(device))
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1  # the failure is counted even though the call raised
    assert not AuditEvent.objects.filter(action="accounts.totp_enrol").exists()


def test_enrol_cannot_confirm_someone_elses_device(clock):
    owner, other = UserFactory.create(), UserFactory.create()
    device = totp_device_pending(actor=owner)
    with pytest.raises(ValidationError):
        totp_enrol_confirm(actor=other, device_id=device.pk, token=code_for(device))
    device.refresh_from_db()
    assert not device.confirmed


def test_verify_accepts_current_code_once(clock):
    user = UserFactory.create()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    code = code_for(device)
    assert totp_verify(actor=user, token=code) == device
    with pytest.raises(ValidationError):  # the same code cannot be replayed
        totp_verify(actor=user, token=code)
    clock.shift(timedelta(seconds=30))
    device.refresh_from_db()
    assert totp_verify(actor=user, token=code_for(device)) == device


def test_verify_refuses_wrong_code_and_throttles(clock):
    user = UserFactory.create()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with pytest.raises(ValidationError) as info:
        totp_verify(actor=user, token=wrong_code(device))
    assert info.value.code == "invalid"
    # Right after a failure the device is throttled (1 s, then 2 s, 4 s, ...).
    with pytest.raises(TotpThrottled):
        totp_verify(actor=user, token=code_for(device))
    clock.shift(timedelta(seconds=2))
    device.refresh_from_db()
    assert totp_verify(actor=user, token=code_for(device)) == device


def test_unconfirmed_device_does_not_verify(clock):
    user = UserFactory.create()
    device = totp_device_pending(actor=user)
    with pytest.raises(ValidationError):
        totp_verify(actor=user, token=code_for(device))
