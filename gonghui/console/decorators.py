"""Access to the staff console: signed in, TOTP-verified where the roles demand it, holding a role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from gonghui.authz import access

View = Callable[..., HttpResponse]


def otp_satisfied(request: HttpRequest) -> bool:
    user = request.user
    if not access.needs_otp(user):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def staff_required(view: View) -> View:
    """Anonymous → console login; signed in without TOTP where needed → TOTP step; no role → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not access.holds_any_role(request.user):
            raise PermissionDenied
        if not otp_satisfied(request):
            return redirect(f"{reverse('console:otp')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper
