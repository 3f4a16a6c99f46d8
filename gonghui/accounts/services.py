"""Accounts: staff accounts, SMS login codes for workers, revealing personal data."""

from __future__ import annotations

import math
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.models import SmsCode, SmsFailure, User
from gonghui.accounts.permissions import REVEAL_PHONE
from gonghui.accounts.sms import get_backend
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.models import Role, RoleGrant
from gonghui.authz.permissions import GRANT_ROLES
from gonghui.authz.services import grant_create
from gonghui.common.masking import mask_phone
from gonghui.common.phones import normalize_mobile
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT


class SmsRateLimited(ValidationError):
    pass


class SmsBackoff(ValidationError):
    """Too many wrong codes for this phone from this address: wait (the answer says how long)."""


def staff_create(
    *, actor: access.Actor, username: str, name: str, password: str, unit: OrgUnit, role: Role, phone: str = ""
) -> User:
    """Open a staff account and grant it its first role on ``unit``, in one transaction."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=GRANT_ROLES, unit=unit)
    username = username.strip()
    if not username or User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名为空或已被使用。")})
    normalized_phone = normalize_mobile(phone) if phone else None
    if normalized_phone and User.objects.filter(phone=normalized_phone).exists():
        raise ValidationError({"phone": _("该手机号已被其他账户使用。")})
    user = User(username=username, name=name, phone=normalized_phone)
    try:
        validate_password(password, user)
    except ValidationError as exc:  # the password validators name no field: the refusal is about ``password``
        raise ValidationError({"password": exc.error_list}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(
            actor=actor,
            action="accounts.staff_create",
            target=user,
            unit=unit,
            after={"username": username, "name": name, "phone": mask_phone(normalized_phone)},
        )
        grant_create(actor=actor, user=user, role=role, unit=unit)
    return user


def _now() -> Any:
    return timezone.now()


def _same_address(ip: str | None) -> dict[str, Any]:
    return {"ip": ip} if ip else {"ip__isnull": True}


def sms_backoff_wait(phone: str, ip: str | None) -> int:
    """Seconds to wait before the next code may be tried for ``phone`` from ``ip`` (0: try now; one query).

    Wrong codes are counted per phone *and* address over ``SMS_FAILURE_WINDOW_SECONDS``: the first
    ``SMS_FREE_WRONG_TRIES`` cost nothing, each further one doubles the wait from ``SMS_BACKOFF_BASE_SECONDS`` up to
    ``SMS_BACKOFF_MAX_SECONDS``. Nobody is locked out: someone guessing from one address slows down only
    themselves, and the worker signs in from their own address meanwhile.
    """
    now = _now()
    free = settings.SMS_FREE_WRONG_TRIES
    recent = list(
        SmsFailure.objects.filter(
            phone=phone, at__gte=now - timedelta(seconds=settings.SMS_FAILURE_WINDOW_SECONDS), **_same_address(ip)
        )
        .order_by("-at")
        .values_list("at", flat=True)[: free + 20]
    )
    if len(recent) < free:
        return 0
    delay = min(settings.SMS_BACKOFF_BASE_SECONDS * 2 ** (len(recent) - free), settings.SMS_BACKOFF_MAX_SECONDS)
    return max(0, math.ceil(delay - (now - recent[0]).total_seconds()))


def _backoff(seconds: int) -> SmsBackoff:
    return SmsBackoff(
        _("验证码错误次数较多，请%(seconds)s秒后再试。") % {"seconds": seconds},
        code="backoff",
        params={"wait": seconds},
    )


def _tried_elsewhere(sms: SmsCode) -> int:
    """Wrong codes entered for ``sms``'s phone since it was sent, from addresses other than the one it was asked
    from (a guess spread over many addresses)."""
    others = SmsFailure.objects.filter(phone=sms.phone, at__gte=sms.created_at)
    return others.exclude(**_same_address(sms.ip)).count()


def sms_code_request(*, phone: str, ip: str | None, device: str | None = None) -> SmsCode:
    """Send a 6-digit login code to ``phone``. Wrong codes do not stop sending: the worker can always ask again.

    Nobody can use up the owner's codes (``docs/security.md``, "Sign-in"):

    - ``device`` is the id of a browser that signed in with this phone before (``accounts.devices.sms_device``):
      its requests count only against its own allowance, ``SMS_MAX_PER_DEVICE_PER_DAY``, and wait
      ``SMS_RESEND_INTERVAL_SECONDS`` after its own last request;
    - any other request counts per phone and client address (``SMS_MAX_PER_PHONE_ADDRESS_PER_DAY``, the resend
      interval after that address's last request for the phone), and all of them together per phone
      (``SMS_MAX_PER_PHONE_PER_DAY``, a ceiling against flooding a phone with messages, which the device's own
      requests never count against);
    - every request counts per address (``SMS_MAX_PER_IP_PER_HOUR``).
    """
    phone = normalize_mobile(phone)
    now = _now()
    day_ago = now - timedelta(days=1)
    codes = SmsCode.objects.filter(phone=phone)
    if device:
        own = codes.filter(device=device)
        daily_limit = settings.SMS_MAX_PER_DEVICE_PER_DAY
    else:
        own = codes.filter(device="", **_same_address(ip))
        daily_limit = settings.SMS_MAX_PER_PHONE_ADDRESS_PER_DAY
    last = own.order_by("-created_at").values_list("created_at", flat=True).first()
    if last and (now - last).total_seconds() < settings.SMS_RESEND_INTERVAL_SECONDS:
        raise SmsRateLimited(_("发送过于频繁，请稍后再试。"), code="too_soon")
    if own.filter(created_at__gte=day_ago).count() >= daily_limit:
        raise SmsRateLimited(_("今日验证码发送次数已达上限。"), code="daily_limit")
    if not device and codes.filter(device="", created_at__gte=day_ago).count() >= settings.SMS_MAX_PER_PHONE_PER_DAY:
        raise SmsRateLimited(
            _("今日该手机号的验证码发送次数已达上限。如您曾在本设备上登录过，可在该设备上继续获取验证码。"),
            code="phone_limit",
        )
    if ip and SmsCode.objects.filter(ip=ip, created_at__gte=now - timedelta(hours=1)).count() >= (
        settings.SMS_MAX_PER_IP_PER_HOUR
    ):
        raise SmsRateLimited(_("发送过于频繁，请稍后再试。"), code="ip_limit")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        sms = SmsCode.objects.create(
            phone=phone,
            code_hash=make_password(code),
            ip=ip,
            device=device or "",
            created_at=now,
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        )
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        message = _("【工会】您的登录验证码是 %(code)s，%(minutes)s分钟内有效。请勿告诉他人。") % {
            "code": code,
            "minutes": minutes,
        }
        transaction.on_commit(lambda: get_backend().send(phone, message))
    return sms


def sms_code_verify(*, phone: str, code: str, ip: str | None) -> User:
    """Check a code; on success return (creating if needed) the worker's account.

    Wrong codes slow down the address that enters them (:func:`sms_backoff_wait`), never the phone as a whole.
    A code tried wrongly ``SMS_CODE_MAX_WRONG_ELSEWHERE`` times from addresses other than the one it was asked
    from is no longer accepted from those addresses (a guess spread over many addresses), but still from its own.
    A wrong code is recorded outside the verifying transaction, so that raising the error does not roll the
    failure back.
    """
    phone = normalize_mobile(phone)
    wait = sms_backoff_wait(phone, ip)
    if wait:
        raise _backoff(wait)
    now = _now()
    code = (code or "").strip()
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        valid = sms is not None and code.isascii() and code.isdigit() and check_password(code, sms.code_hash)
        if (
            valid
            and sms is not None
            and sms.ip != ip
            and _tried_elsewhere(sms) >= settings.SMS_CODE_MAX_WRONG_ELSEWHERE
        ):
            valid = False
        user = None
        if sms is not None and valid:
            sms.used_at = now
            sms.save(update_fields=["used_at"])
            user = User.objects.filter(phone=phone).first()
            if user is None:
                user = User.objects.create_user(username=phone, phone=phone)
                audit_record(
                    actor=user, action="accounts.worker_register", target=user, after={"phone": mask_phone(phone)}
                )
            if not user.is_active:
                raise ValidationError(_("该账户已停用。"), code="inactive")
            SmsFailure.objects.filter(phone=phone).delete()
        elif sms is not None:
            SmsCode.objects.filter(pk=sms.pk).update(failed_attempts=F("failed_attempts") + 1)
    if user is None:
        SmsFailure.objects.create(phone=phone, ip=ip, at=now)
        raise ValidationError(_("验证码不正确或已过期。"), code="invalid")
    return user


def phone_reveal(*, actor: access.Actor, user: User, unit: OrgUnit) -> str:
    """Show a full phone number. Needs the permission at ``unit``, the person must belong there (hold a grant
    within ``unit``'s subtree), and every reveal leaves an audit record."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=REVEAL_PHONE, unit=unit)
    if not RoleGrant.objects.filter(user=user, unit__path__startswith=unit.path).exists():
        raise access.NotVisible
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="accounts.phone_reveal",
            target=user,
            unit=unit,
            target_repr=user.display_name,
            data={"field": "phone"},
        )
    return user.phone or ""


# --- Staff two-factor sign-in (TOTP) and own account -----------------------------------------------------------


class TotpThrottled(ValidationError):
    pass


def totp_devices_confirmed(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"))


def totp_device_pending(*, actor: User) -> TOTPDevice:
    """The unconfirmed authenticator the actor is enrolling; created on first call, reused until confirmed."""
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("身份验证器"), confirmed=False)
    return device


def _throttled_message(device: TOTPDevice) -> str | None:
    allowed, _info = device.verify_is_allowed()
    if allowed:
        return None
    return _("验证码错误次数过多，请稍候几秒再试。")


def totp_enrol_confirm(*, actor: User, device_id: int, token: str) -> TOTPDevice:
    """Confirm the actor's pending authenticator with a first valid code; audited as ``accounts.totp_enrol``.

    The code is checked (and a failure counted for throttling) before any error is raised, so that the
    failure count survives; other pending devices of the actor are removed.
    """
    token = (token or "").strip()
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=actor, confirmed=False).first()
        if device is None:
            raise ValidationError(_("绑定已失效，请刷新页面后重新扫码。"), code="stale")
        throttled = _throttled_message(device)
        ok = throttled is None and bool(device.verify_token(token))
        if ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=actor, confirmed=False).exclude(pk=device.pk).delete()
            audit_record(actor=actor, action="accounts.totp_enrol", target=actor, data={"device": device.pk})
    if throttled:
        raise TotpThrottled(throttled, code="throttled")
    if not ok:
        raise ValidationError(_("验证码不正确，请核对手机上显示的6位数字。"), code="invalid")
    return device


def totp_verify(*, actor: User, token: str) -> TOTPDevice:
    """Check a code against the actor's confirmed authenticators; return the device that accepted it."""
    token = (token or "").strip()
    throttled: str | None = None
    with transaction.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True).order_by("id"):
            throttled = _throttled_message(device)
            if throttled is None and device.verify_token(token):
                return device
    if throttled:
        raise TotpThrottled(throttled, code="throttled")
    raise ValidationError(_("验证码不正确或已使用，请输入手机上最新的6位数字。"), code="invalid")


def password_change(*, actor: User, new_password: str) -> User:
    """Set the actor's own password (the old one already checked by the form); audited without the values."""
    validate_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit_record(actor=actor, action="accounts.password_change", target=actor)
    return actor
