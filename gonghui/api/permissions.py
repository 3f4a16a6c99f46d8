"""API access: staff holding a role (TOTP-verified for browser sessions where their roles demand it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from gonghui.authz import access

SMS_BACKEND = "gonghui.accounts.backends.SmsCodeBackend"


class IsStaff(BasePermission):
    """Object-level and scope checks stay in services and selectors; this only keeps workers and
    half-signed-in sessions out of staff endpoints."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not access.holds_any_role(user):
            return False
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # A portal session opened with an SMS code never reaches staff endpoints (as in the console).
            if request.session.get(BACKEND_SESSION_KEY) == SMS_BACKEND:
                return False
            if access.needs_otp(user):
                return bool(getattr(user, "is_verified", lambda: False)())
        return True
