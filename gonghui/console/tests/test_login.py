"""Staff sign-in: password, TOTP enrolment and verification, lockout, no-role and SMS sessions refused."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.models import User
from gonghui.audit.models import AuditEvent
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.services import roles_sync
from gonghui.authz.testing import STAFF_PASSWORD, login
from gonghui.orgs.permissions import VIEW_UNIT

pytestmark = pytest.mark.django_db

LOGIN = "/console/login/"
OTP = "/console/login/otp/"
HOME = "/console/"


def code_for(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2025, 3, 3, 9, 0, 5, tzinfo=UTC), tick=False)
    return time_machine


@pytest.fixture
def clerk(world):
    """Staff with the default clerk role (carries accounts.reveal_phone, a sensitive permission)."""
    roles_sync()
    user = User.objects.create_user(username="clerk1", password=STAFF_PASSWORD, name="李经办")
    RoleGrant.objects.create(user=user, role=Role.objects.get(code="clerk"), unit=world.target)
    return user


@pytest.fixture
def viewer(world):
    """Staff whose role carries no sensitive permission: password only."""
    return world.staff("viewer", world.target, [VIEW_UNIT])


def post_login(client, username, password=STAFF_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_url_names():
    assert reverse("console:login") == LOGIN
    assert reverse("console:otp") == OTP
    assert reverse("console:home") == HOME
    assert reverse("console:logout") == "/console/logout/"
    assert reverse("console:account") == "/console/account/"


def test_login_page_renders_for_anonymous(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body
    assert 'name="password"' in body
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_password_only_for_role_without_sensitive_permission(client, viewer):
    response = post_login(client, viewer.username)
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert not TOTPDevice.objects.filter(user=viewer).exists()


def test_wrong_password_is_refused(client, viewer):
    response = post_login(client, viewer.username, "wrong-password-1")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_next_is_followed_only_inside_the_site(client, viewer):
    response = post_login(client, viewer.username, next="/console/account/")
    assert response["Location"] == "/console/account/"
    client.logout()
    response = post_login(client, viewer.username, next="https://evil.example/steal")
    assert response["Location"] == HOME


def test_clerk_enrols_totp_then_verifies_on_next_login(client, clerk, clock):
    response = post_login(client, clerk.username, next="/console/account/")
    assert response.status_code == 302
    assert response["Location"].startswith(OTP)

    # Console pages send the half-signed-in user back to the TOTP step.
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(OTP)

    # First time: enrolment with a QR code (inline SVG) and the secret in base32.
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert 'class="qr"' in body
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert "".join(response.context["secret"].split()) in body.replace(" ", "")
    assert client.get(OTP).context["secret"] == response.context["secret"]  # the same device is reused

    # A wrong code is refused.
    wrong = f"{(int(code_for(device)) + 1) % 10**6:06d}"
    response = client.post(OTP, {"token": wrong, "next": "/console/account/"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get(HOME).status_code == 302

    clock.shift(timedelta(seconds=2))  # past the throttle delay of the wrong try
    response = client.post(OTP, {"token": code_for(device), "next": "/console/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/console/account/"
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="accounts.totp_enrol", actor_id=clerk.pk).count() == 1
    assert client.get(HOME).status_code == 200

    # Second sign-in: the code is asked, no new enrolment.
    client.post("/console/logout/")
    clock.shift(timedelta(seconds=30))
    response = post_login(client, clerk.username)
    assert response["Location"].startswith(OTP)
    response = client.get(OTP)
    assert response.context["mode"] == "verify"
    assert 'class="qr"' not in response.content.decode()
    assert "secret" not in response.context
    wrong = f"{(int(code_for(device)) + 1) % 10**6:06d}"
    assert client.post(OTP, {"token": wrong}).status_code == 200
    assert client.get(HOME).status_code == 302
    clock.shift(timedelta(seconds=2))
    response = client.post(OTP, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert TOTPDevice.objects.filter(user=clerk).count() == 1
    assert AuditEvent.objects.filter(action="accounts.totp_enrol").count() == 1


def test_otp_page_needs_a_password_session(client, clerk):
    response = client.get(OTP)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_otp_page_after_verification_offers_to_continue(clerk):
    client = login(Client(), clerk)
    response = client.get(OTP)
    assert response.status_code == 200
    assert "您已完成登录验证" in response.content.decode()


def test_code_must_be_six_digits(client, clerk):
    post_login(client, clerk.username)
    response = client.post(OTP, {"token": "12ab"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]


def test_five_wrong_passwords_lock_even_the_right_one(client, viewer):
    for attempt in range(1, 5):
        response = post_login(client, viewer.username, f"wrong-password-{attempt}")
        assert response.status_code == 200, attempt
    response = post_login(client, viewer.username, "wrong-password-5")
    assert response.status_code == 429
    body = response.content.decode()
    assert "账户已临时锁定" in body
    assert "15 分钟" in body
    response = post_login(client, viewer.username)
    assert response.status_code == 429
    assert "账户已临时锁定" in response.content.decode()
    assert client.get(HOME).status_code == 302  # not signed in


def test_lockout_is_per_username(client, viewer, world):
    for attempt in range(5):
        post_login(client, viewer.username, f"wrong-password-{attempt}")
    other = world.staff("other", world.target, [VIEW_UNIT])
    response = post_login(client, other.username)
    assert response.status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, viewer, time_machine):
    time_machine.move_to(datetime(2025, 3, 3, 9, 0, tzinfo=UTC), tick=False)
    for attempt in range(5):
        post_login(client, viewer.username, f"wrong-password-{attempt}")
    assert post_login(client, viewer.username).status_code == 429
    time_machine.shift(timedelta(minutes=15, seconds=1))
    assert post_login(client, viewer.username).status_code == 302


def test_user_without_role_gets_friendly_403(client, world):
    User.objects.create_user(username="norole", password=STAFF_PASSWORD)
    response = post_login(client, "norole")
    assert response.status_code == 403
    assert "您没有工作台的访问权限" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_worker_is_refused_by_console_pages(world):
    client = login(Client(), world.member)
    response = client.get(HOME)
    assert response.status_code == 403
    assert "您没有工作台的访问权限" in response.content.decode()


def test_sms_session_of_a_staff_member_does_not_open_the_console(client, viewer):
    client.force_login(viewer, backend="gonghui.accounts.backends.SmsCodeBackend")
    assert client.session[BACKEND_SESSION_KEY] == "gonghui.accounts.backends.SmsCodeBackend"
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    # Signing in with the password upgrades the session.
    assert post_login(client, viewer.username).status_code == 302
    assert client.get(HOME).status_code == 200


def test_logout_is_post_only(viewer):
    client = login(Client(), viewer)
    assert client.get("/console/logout/").status_code == 405
    response = client.post("/console/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(HOME).status_code == 302


def test_login_page_for_signed_in_staff_offers_to_continue(viewer):
    client = login(Client(), viewer)
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response.context["signed_in"]


def test_the_right_totp_code_straight_after_a_wrong_one_is_accepted(client, clerk):
    """Issue 13: one mistyped code must not make the right one typed next refused ("验证码错误次数过多")."""
    from gonghui.accounts.services import totp_device_pending

    device = totp_device_pending(actor=clerk)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    post_login(client, clerk.username)
    wrong = f"{(int(code_for(device)) + 1) % 10**6:06d}"
    response = client.post(OTP, {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    response = client.post(OTP, {"token": code_for(device)})  # at once, within the throttle delay
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_repeated_wrong_totp_codes_are_still_throttled(client, clerk):
    from gonghui.accounts.services import totp_device_pending

    device = totp_device_pending(actor=clerk)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.throttling_failure_count = 5  # 16 s to wait: far beyond what the page waits out
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    post_login(client, clerk.username)
    response = client.post(OTP, {"token": code_for(device)})
    assert response.status_code == 200
    assert "验证码错误次数过多" in response.content.decode()
