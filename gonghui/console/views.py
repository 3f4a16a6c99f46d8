"""The staff console shell: sign-in (password, then TOTP where the roles demand it), dashboard, own account."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.selectors import account_grants, staff_signin_address_blocked
from gonghui.accounts.services import (
    password_change,
    totp_device_pending,
    totp_devices_confirmed,
    totp_enrol_confirm,
    totp_verify,
)
from gonghui.authz import access
from gonghui.common.masking import mask_phone
from gonghui.common.middleware import client_ip
from gonghui.common.params import next_url
from gonghui.console.actions import attempt
from gonghui.console.decorators import no_console_access, otp_satisfied, password_session, staff_required
from gonghui.console.forms import StaffLoginForm, TotpForm
from gonghui.console.panels import waiting_for
from gonghui.orgs.selectors import unit_children, unit_get
from gonghui.overview.selectors import overview_default_unit
from gonghui.overview.views import overview_context

# Above this many children the navigator lists the first ones and points to the unit page for the rest.
TREE_CHILDREN_LIMIT = 200


def _next_url(request: HttpRequest) -> str:
    """The ``next`` parameter when it points inside this site, else the console home."""
    return next_url(request, reverse("console:home"))


def _otp_url(next_url: str) -> str:
    return f"{reverse('console:otp')}?{urlencode({'next': next_url})}"


def _lockout_hint() -> str:
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if isinstance(cooloff, int | float) and not isinstance(cooloff, bool):
        minutes = round(cooloff * 60)
        return _("用户名或密码不正确。连续输错%(limit)s次将锁定%(minutes)s分钟。") % {
            "limit": limit,
            "minutes": minutes,
        }
    return _("用户名或密码不正确。连续输错%(limit)s次将暂时锁定。") % {"limit": limit}


def _console_ready(request: HttpRequest) -> bool:
    user: Any = request.user
    return (
        user.is_authenticated and password_session(request) and access.holds_any_role(user) and otp_satisfied(request)
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Username and password through ``authenticate`` (django-axes locks a username at an address after 5
    failures; an address with 20 failures, whatever the usernames, is refused first), then TOTP if needed."""
    next_url = _next_url(request)
    if request.method == "POST":
        form = StaffLoginForm(request.POST)
        if form.is_valid() and staff_signin_address_blocked(client_ip(request)):
            # Password spraying: too many failures from this address, whatever the usernames. Not even tried.
            form.add_error(
                None,
                _("此网络地址登录失败次数过多，请%(minutes)s分钟后再试。")
                % {"minutes": settings.STAFF_SIGNIN_ADDRESS_WINDOW_SECONDS // 60},
            )
        elif form.is_valid():
            user: Any = authenticate(
                request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
            if user is None:
                # When django-axes locked the account out, its middleware replaces this answer with the lock page.
                form.add_error(None, _lockout_hint())
            elif not access.holds_any_role(user):
                raise no_console_access()
            else:
                auth_login(request, user)
                if access.needs_otp(user):
                    return redirect(_otp_url(next_url))
                return redirect(next_url)
    else:
        form = StaffLoginForm()
    return render(
        request,
        "console/login.html",
        {"form": form, "next": next_url, "signed_in": _console_ready(request)},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("console:login")


def _qr_svg(config_url: str) -> str:
    qr = segno.make(config_url, error="m")
    return str(qr.svg_inline(scale=4, dark="#111", light="#fff", title=_("身份验证器二维码"), svgclass="qr"))


def _grouped(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    """Second step for staff whose roles carry a sensitive permission: verify a TOTP code, or enrol first."""
    user: Any = request.user
    if not user.is_authenticated or not password_session(request):
        return redirect_to_login(request.get_full_path(), reverse("console:login"))
    if not access.holds_any_role(user):
        raise no_console_access()
    next_url = _next_url(request)
    if otp_satisfied(request):
        return render(request, "console/otp_done.html", {"next": next_url})

    devices = totp_devices_confirmed(user)
    form = TotpForm(request.POST or None)
    if devices:
        if request.method == "POST" and form.is_valid():
            _wait_out_short_throttle(devices)
            verified = attempt(
                request,
                lambda: totp_verify(actor=user, token=form.cleaned_data["token"]),
                form=form,
                field_map={NON_FIELD_ERRORS: "token"},
            )
            if verified.value is not None:
                django_otp.login(request, verified.value)
                return redirect(next_url)
        return render(request, "console/otp.html", {"form": form, "next": next_url, "mode": "verify"})

    pending = totp_device_pending(actor=user)
    if request.method == "POST" and form.is_valid():
        _wait_out_short_throttle([pending])
        enrolled = attempt(
            request,
            lambda: totp_enrol_confirm(actor=user, device_id=pending.pk, token=form.cleaned_data["token"]),
            form=form,
            field_map={NON_FIELD_ERRORS: "token"},
        )
        if enrolled.value is not None:
            django_otp.login(request, enrolled.value)
            messages.success(request, _("两步验证已开启。以后登录时请输入身份验证器上的验证码。"))
            return redirect(next_url)
    context: dict[str, Any] = {
        "form": form,
        "next": next_url,
        "mode": "enrol",
        "qr_svg": _qr_svg(pending.config_url),
        "secret": _grouped(b32encode(pending.bin_key).decode("ascii")),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "console/otp.html", context)


# A mistyped code throttles the authenticator (django-otp: 1 s after the first failure, then 2, 4, 8 ...). A person
# who types the right code straight after a wrong one should not be refused with "too many wrong codes": a remaining
# delay this short is waited out in the request (the code is still checked no sooner than the throttle allows).
OTP_WAIT_MAX_SECONDS = 2.0


def _wait_out_short_throttle(devices: list[Any]) -> None:
    now = timezone.now()
    wait = 0.0
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            wait = max(wait, (info["locked_until"] - now).total_seconds())
    if 0 < wait <= OTP_WAIT_MAX_SECONDS:
        time.sleep(wait)


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The one-screen overview of the actor's unit at the top (when they may see one: the modules' figures for the
    whole subtree, the sub-units to drill into), then the workbench: what waits for me (each module's panel:
    counts, how long the oldest has waited, what is overdue, links to the queues), my roles and the org-tree
    navigator (roots from the context processor)."""
    grants = list(account_grants(actor=request.user))
    context: dict[str, Any] = {"grants": grants, "panels": waiting_for(request.user)}
    unit = overview_default_unit(actor=request.user)
    if unit is not None:
        context.update(overview_context(request, unit))
    return render(request, "console/home.html", context)


@staff_required
def tree_children(request: HttpRequest, unit_id: int) -> HttpResponse:
    """htmx fragment: the children of ``unit_id`` (404 outside the user's scope)."""
    unit = unit_get(actor=request.user, unit_id=unit_id)
    children = list(unit_children(actor=request.user, unit=unit)[: TREE_CHILDREN_LIMIT + 1])
    more = max(0, unit.numchild - TREE_CHILDREN_LIMIT) if len(children) > TREE_CHILDREN_LIMIT else 0
    return render(
        request,
        "console/_tree_nodes.html",
        {"nodes": children[:TREE_CHILDREN_LIMIT], "parent": unit, "more": more},
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@staff_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: name, masked phone, two-factor status, change password."""
    user: Any = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if attempt(
            request,
            lambda: password_change(actor=user, new_password=form.cleaned_data["new_password1"]),
            form=form,
            field_map={NON_FIELD_ERRORS: "new_password2"},
        ):
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("console:account")
    devices = totp_devices_confirmed(user)
    context = {
        "form": form,
        "masked_phone": mask_phone(getattr(user, "phone", None)),
        "devices": devices,
        "needs_otp": access.needs_otp(user),
        "grants": list(account_grants(actor=user)),
    }
    return render(request, "console/account.html", context)
