"""Access to the staff console: signed in, TOTP-verified where the roles demand it, holding a role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gonghui.authz import access

View = Callable[..., HttpResponse]

# Workers sign in to the portal with an SMS code; such a session never opens the staff console, even when the
# phone number belongs to a staff account: the console needs the password (and TOTP where the roles demand it).
SMS_BACKEND = "gonghui.accounts.backends.SmsCodeBackend"


def otp_satisfied(request: HttpRequest) -> bool:
    user = request.user
    if not access.needs_otp(user):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def password_session(request: HttpRequest) -> bool:
    """True when the session was opened with a password (not with a portal SMS code)."""
    return bool(request.user.is_authenticated) and request.session.get(BACKEND_SESSION_KEY) != SMS_BACKEND


def no_console_access() -> PermissionDenied:
    return PermissionDenied(_("您没有工作台的访问权限。"))


def staff_required(view: View) -> View:
    """Anonymous → console login; signed in without TOTP where needed → TOTP step; no role → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not access.holds_any_role(request.user):
            raise no_console_access()
        if not password_session(request):
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not otp_satisfied(request):
            return redirect(f"{reverse('console:otp')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
