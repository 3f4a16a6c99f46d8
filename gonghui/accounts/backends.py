"""Authentication backend for the member portal: phone number + SMS code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gonghui.accounts.models import User
from gonghui.common.middleware import client_ip


class SmsCodeBackend(BaseBackend):
    def authenticate(
        self, request: HttpRequest | None, phone: str | None = None, sms_code: str | None = None, **kwargs: Any
    ) -> User | None:
        if phone is None or sms_code is None:
            return None
        from gonghui.accounts.services import sms_code_verify

        try:
            return sms_code_verify(phone=phone, code=sms_code, ip=client_ip(request) if request else None)
        except ValidationError:
            return None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
