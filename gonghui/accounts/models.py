"""Accounts: one user model for staff (username + password + TOTP) and workers (phone + SMS code)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.common.masking import person_label


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **extra: Any) -> User:
        if not username:
            raise ValueError("username is required")
        user = self.model(username=username, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_staff", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in.

    Staff sign in with ``username`` and password (plus TOTP where their roles demand it); workers sign in
    with their mobile number and an SMS code, and their ``username`` is their phone number. What a user
    may do is decided by role grants on org units (``authz``), never by Django's permission flags.
    """

    username = models.CharField(_("用户名"), max_length=64, unique=True)
    phone = models.CharField(_("手机号"), max_length=11, unique=True, null=True, blank=True)
    name = models.CharField(_("姓名"), max_length=64, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    is_staff = models.BooleanField(_("后台管理员"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The one way a person is named (pages, API answers, audit actor and target text): the name, else the
        masked phone, never the full phone or ID number (``common.masking.person_label``)."""
        return person_label(name=self.name, phone=self.phone, username=self.username)


class SmsCode(models.Model):
    """A one-time login code sent to a phone. Only a hash of the code is kept."""

    phone = models.CharField(max_length=11, db_index=True)
    code_hash = models.CharField(max_length=128)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The device id of a browser that signed in with this phone before (``accounts.devices``), else empty.
    device = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["phone", "created_at"], name="accounts_sms_phone_created_idx")]

    def __str__(self) -> str:
        return f"SMS code #{self.pk}"


class SmsFailure(models.Model):
    """One wrong code entered for a phone; 5 within 15 minutes lock the phone."""

    phone = models.CharField(max_length=11)
    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "at"], name="accounts_smsfail_phone_at_idx")]

    def __str__(self) -> str:
        return f"SMS failure #{self.pk}"
