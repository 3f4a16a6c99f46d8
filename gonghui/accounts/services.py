"""Accounts: staff accounts, SMS login codes for workers, revealing personal data."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import SmsCode, SmsFailure, User
from gonghui.accounts.permissions import REVEAL_PHONE
from gonghui.accounts.sms import get_backend
from gonghui.audit.services import audit_record
from gonghui.authz import access
from gonghui.authz.models import Role
from gonghui.authz.permissions import GRANT_ROLES
from gonghui.authz.services import grant_create
from gonghui.common.masking import mask_phone
from gonghui.common.phones import normalize_mobile
from gonghui.orgs.models import OrgUnit
from gonghui.orgs.permissions import VIEW_UNIT


class SmsRateLimited(ValidationError):
    pass


class SmsLocked(ValidationError):
    pass


def staff_create(
    *, actor: Any, username: str, name: str, password: str, unit: OrgUnit, role: Role, phone: str = ""
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
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(
            actor=actor, action="accounts.staff_create", target=user, unit=unit,
            after={"username": username, "name": name, "phone": mask_phone(normalized_phone)},
        )
        grant_create(actor=actor, user=user, role=role, unit=unit)
    return user


def _now() -> Any:
    return timezone.now()


def sms_is_locked(phone: str) -> bool:
    since = _now() - timedelta(seconds=settings.SMS_LOCK_SECONDS)
    return SmsFailure.objects.filter(phone=phone, at__gte=since).count() >= settings.SMS_MAX_WRONG_TRIES


def sms_code_request(*, phone: str, ip: str | None) -> SmsCode:
    """Send a 6-digit login code to ``phone``. Rate-limited per phone and per address."""
    phone = normalize_mobile(phone)
    now = _now()
    if sms_is_locked(phone):
        raise SmsLocked(_("验证码错误次数过多，请15分钟后再试。"), code="locked")
    last = SmsCode.objects.filter(phone=phone).order_by("-created_at").first()
    if last and (now - last.created_at).total_seconds() < settings.SMS_RESEND_INTERVAL_SECONDS:
        raise SmsRateLimited(_("发送过于频繁，请稍后再试。"), code="too_soon")
    day_ago = now - timedelta(days=1)
    if SmsCode.objects.filter(phone=phone, created_at__gte=day_ago).count() >= settings.SMS_MAX_PER_PHONE_PER_DAY:
        raise SmsRateLimited(_("今日验证码发送次数已达上限。"), code="daily_limit")
    if ip and SmsCode.objects.filter(ip=ip, created_at__gte=now - timedelta(hours=1)).count() >= (
        settings.SMS_MAX_PER_IP_PER_HOUR
    ):
        raise SmsRateLimited(_("发送过于频繁，请稍后再试。"), code="ip_limit")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        sms = SmsCode.objects.create(
            phone=phone, code_hash=make_password(code), ip=ip, created_at=now,
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        )
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        message = _("【工会】您的登录验证码是 %(code)s，%(minutes)s分钟内有效。请勿告诉他人。") % {
            "code": code, "minutes": minutes,
        }
        transaction.on_commit(lambda: get_backend().send(phone, message))
    return sms


def sms_code_verify(*, phone: str, code: str, ip: str | None) -> User:
    """Check a code; on success return (creating if needed) the worker's account. 5 wrong tries lock 15 minutes."""
    phone = normalize_mobile(phone)
    if sms_is_locked(phone):
        raise SmsLocked(_("验证码错误次数过多，请15分钟后再试。"), code="locked")
    now = _now()
    code = (code or "").strip()
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if sms is None or not code.isdigit() or not check_password(code, sms.code_hash):
            SmsFailure.objects.create(phone=phone, ip=ip)
            if sms is not None:
                SmsCode.objects.filter(pk=sms.pk).update(failed_attempts=sms.failed_attempts + 1)
            raise ValidationError(_("验证码不正确或已过期。"), code="invalid")
        sms.used_at = now
        sms.save(update_fields=["used_at"])
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User.objects.create_user(username=phone, phone=phone)
            audit_record(actor=user, action="accounts.worker_register", target=user,
                         after={"phone": mask_phone(phone)})
        if not user.is_active:
            raise ValidationError(_("该账户已停用。"), code="inactive")
        SmsFailure.objects.filter(phone=phone).delete()
    return user


def phone_reveal(*, actor: Any, user: User, unit: OrgUnit) -> str:
    """Show a full phone number. Needs the permission at ``unit`` and leaves an audit record."""
    access.require_action(actor, view_perm=VIEW_UNIT, perm=REVEAL_PHONE, unit=unit)
    with transaction.atomic():
        audit_record(actor=actor, action="accounts.phone_reveal", target=user, unit=unit,
                     target_repr=user.display_name, data={"field": "phone"})
    return user.phone or ""
