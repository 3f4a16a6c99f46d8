"""A device that has signed in with a phone: a signed, long-lived cookie that gives it its own SMS allowance.

Codes requested by anyone for a phone count against a per-phone ceiling, so strangers could use it up and keep
the owner from getting a code. A browser that once signed in with the phone carries this cookie; its requests are
counted against the device's own allowance (``SMS_MAX_PER_DEVICE_PER_DAY``), which nobody else can spend. The
cookie holds a random device id and a keyed digest of the phone (never the number), signed with ``SECRET_KEY``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

COOKIE = "gh_sms_device"
_SALT = "gonghui.accounts.sms-device"


def _phone_digest(phone: str) -> str:
    return salted_hmac(_SALT, phone).hexdigest()[:32]


def sms_device(request: HttpRequest, phone: str) -> str | None:
    """The device id of ``request``'s cookie if that device signed in with ``phone`` (a valid signature, not older
    than ``SMS_DEVICE_COOKIE_DAYS``); otherwise ``None``. ``phone`` must be normalised."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=_SALT, max_age=settings.SMS_DEVICE_COOKIE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != _phone_digest(phone):
        return None
    device = data.get("d")
    return device if isinstance(device, str) and device.isalnum() and len(device) <= 32 else None


def remember_sms_device(request: HttpRequest, response: HttpResponse, phone: str) -> None:
    """After a sign-in with an SMS code: (re)issue the cookie, keeping the device id it already had for ``phone``."""
    device = sms_device(request, phone) or secrets.token_hex(16)
    response.set_cookie(
        COOKIE,
        signing.dumps({"p": _phone_digest(phone), "d": device}, salt=_SALT),
        max_age=settings.SMS_DEVICE_COOKIE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
