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
from django_htmx.http import HttpResponseClientRedirect

from gonghui.authz import access

View = Callable[..., HttpResponse]

# Workers sign in to the portal with an SMS code; such a session never opens the staff console, even when the
# phone number belongs to a staff account: the console needs the password (and TOTP where the roles demand it).
SMS_BACKEND = "gonghui.accounts.backends.SmsCodeBackend"


def otp_satisfied(request: HttpRequest) -> bool:
    user: Any = request.user
    if not access.needs_otp(user):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def password_session(request: HttpRequest) -> bool:
    """True when the session was opened with a password (not with a portal SMS code)."""
    return bool(request.user.is_authenticated) and request.session.get(BACKEND_SESSION_KEY) != SMS_BACKEND


def no_console_access() -> PermissionDenied:
    return PermissionDenied(_("您没有工作台的访问权限。"))


def _back_to(request: HttpRequest) -> str:
    """Where to return after signing in: the page itself, or for an htmx fragment the page that asked for it."""
    if getattr(request, "htmx", False):
        current = getattr(request.htmx, "current_url_abs_path", None)  # type: ignore[attr-defined]
        if current:
            return str(current)
    return request.get_full_path()


def _to(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An htmx request (e.g. the tree navigator after the session expired) reloads the whole page at the target."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(response["Location"])
    return response


def staff_required(view: View) -> View:
    """Anonymous → console login; signed in without TOTP where needed → TOTP step; no role → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated or (access.holds_any_role(user) and not password_session(request)):
            return _to(request, redirect_to_login(_back_to(request), reverse("console:login")))
        if not access.holds_any_role(user):
            raise no_console_access()
        if not otp_satisfied(request):
            return _to(request, redirect(f"{reverse('console:otp')}?{urlencode({'next': _back_to(request)})}"))
        return view(request, *args, **kwargs)

    return wrapper
