"""The member portal (mobile-first): landing and home, SMS sign-in, my profile, my cases.

Portal pages never require a staff role: any signed-in account is served as the person it is.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.devices import remember_sms_device, sms_device
from gonghui.accounts.services import sms_code_request, sms_code_verify
from gonghui.common.masking import mask_phone
from gonghui.common.middleware import client_ip
from gonghui.common.params import next_url
from gonghui.console.actions import attempt
from gonghui.portal.forms import PhoneForm, SmsLoginForm
from gonghui.portal.mine import my_items
from gonghui.portal.profile import profile_blocks
from gonghui.portal.tiles import offered_tiles, visible_tiles

log = logging.getLogger(__name__)

SMS_BACKEND = "gonghui.accounts.backends.SmsCodeBackend"
MY_CASES_TEMPLATE = "review/_my_cases.html"
HOME_CASES = 3  # the latest cases on the home page
CASES_PAGE = 20  # on "我的办事"


def _next_url(request: HttpRequest) -> str:
    return next_url(request, reverse("portal:home"))


def _my_cases(request: HttpRequest, limit: int) -> dict[str, Any] | None:
    """The member's review cases through the review module, when that module provides them (else ``None``)."""
    try:
        from gonghui.review.selectors import my_cases
    except ImportError:
        return None
    try:
        get_template(MY_CASES_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    from gonghui.review.hooks import case_portal_url

    cases = list(my_cases(actor=request.user)[:limit])
    for case in cases:
        case.portal_url = case_portal_url(case)  # type: ignore[attr-defined]
    return {"cases": cases, "template": MY_CASES_TEMPLATE}


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html", {"tiles": offered_tiles()})
    context = {
        "my_cases": _my_cases(request, HOME_CASES),
        "tiles": visible_tiles(request.user),
        "mine": my_items(request.user),
    }
    return render(request, "portal/home.html", context)


def _login_context(request: HttpRequest, form: SmsLoginForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "next": _next_url(request),
        "code_minutes": settings.SMS_CODE_TTL_SECONDS // 60,
        "free_tries": settings.SMS_FREE_WRONG_TRIES,
        **extra,
    }


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Phone number and SMS code; wrong codes from this address make it wait longer before the next try."""
    if request.method == "POST":
        form = SmsLoginForm(request.POST)
        if form.is_valid():
            done = attempt(
                request,
                lambda: sms_code_verify(
                    phone=form.cleaned_data["phone"], code=form.cleaned_data["code"], ip=client_ip(request)
                ),
                form=form,
                field_map={NON_FIELD_ERRORS: "code"},
            )
            if done.value is not None:
                auth_login(request, done.value, backend=SMS_BACKEND)
                response = redirect(_next_url(request))
                remember_sms_device(request, response, done.value.phone or "")
                return response
    else:
        form = SmsLoginForm()
    return render(request, "portal/login.html", _login_context(request, form))


@csrf_protect
@never_cache
@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """Send a login code (htmx: answers the status fragment; without JavaScript: the whole sign-in page)."""
    phone_form = PhoneForm(request.POST)
    status: dict[str, Any] = {"sent": False, "error": "", "countdown": 0}
    if phone_form.is_valid():
        phone = phone_form.cleaned_data["phone"]
        device = sms_device(request, phone)
        done = attempt(request, lambda: sms_code_request(phone=phone, ip=client_ip(request), device=device), show=False)
        if not done:
            status["error"] = done.message
        else:
            status.update(
                sent=True,
                masked_phone=mask_phone(phone),
                countdown=settings.SMS_RESEND_INTERVAL_SECONDS,
                minutes=settings.SMS_CODE_TTL_SECONDS // 60,
            )
    else:
        status["error"] = " ".join(str(e) for e in phone_form.errors.get("phone", [])) or _("请输入有效的手机号。")
    if getattr(request, "htmx", False):
        return render(request, "portal/_sms_status.html", {"status": status})
    form = SmsLoginForm(initial={"phone": request.POST.get("phone", "")})
    return render(request, "portal/login.html", _login_context(request, form, status=status))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("portal:home")


@login_required(login_url="portal:login")
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    blocks = profile_blocks(user)
    name = getattr(user, "name", "") or next((b.name for b in blocks if b.name), "")
    context = {"masked_phone": mask_phone(getattr(user, "phone", None)), "blocks": blocks, "name": name}
    return render(request, "portal/me.html", context)


@login_required(login_url="portal:login")
def cases(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/cases.html", {"my_cases": _my_cases(request, CASES_PAGE)})
