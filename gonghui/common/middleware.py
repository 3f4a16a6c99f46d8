"""Request context and security headers."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gonghui.common.context import request_context

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Every asset is served by the project itself: no CDN, no inline scripts.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


@functools.lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:51000"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the one function used by the SMS throttles, django-axes (``AXES_CLIENT_IP_CALLABLE``)
    and the audit trail.

    ``REMOTE_ADDR`` unless it is one of ``settings.TRUSTED_PROXIES`` (addresses or networks, from the
    ``TRUSTED_PROXIES`` environment variable). Behind trusted proxies, ``X-Forwarded-For`` is read right to left,
    skipping trusted hops: the first address that is not a trusted proxy is the client (anything left of it was
    written by the client and is not believed). A malformed hop stops the walk at the last trusted proxy.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not trusted or not any(remote in net for net in trusted):
        return str(remote)
    client = remote
    hops = (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not any(address in net for net in trusted):
            break
    return str(client)


class RequestContextMiddleware:
    """Gives every request an id (honouring a well-formed ``X-Request-ID``) and records the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID_RE.match(incoming) else None
        with request_context(request_id=rid, ip=client_ip(request)) as ctx:
            request.request_id = ctx.request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = ctx.request_id
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs") or request.path.startswith("/api/redoc"):
            # Swagger UI / Redoc (served locally by drf-spectacular-sidecar) need inline styles and a worker.
            response.setdefault(
                "Content-Security-Policy",
                CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
                    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
                )
                + "; worker-src 'self' blob:",
            )
        else:
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class LanguageMiddleware:
    """Chinese unless the user chose otherwise.

    Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``; a union platform serves Chinese by
    default, whatever the browser says, and switches only when the user picks a language (the switch in the console
    and portal posts to ``set_language``, which stores the choice in the language cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulBytesMiddleware:
    """A request whose query or form values hold a NUL byte is refused with 400 before any view reads it.

    No worker or clerk types a NUL, and PostgreSQL refuses one in any text column or query parameter (a 500 from
    wherever a view reads ``request.POST`` / ``request.GET`` without a form: a search box, a note). Forms already
    refuse it field by field; this closes every other door at once. Uploaded files are not inspected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext

            message = gettext("提交的内容含有不允许的空字符（NUL），请删除后重试。")
            if request.path.startswith("/api/"):
                # The API's own error shape (``{"detail": ...}``, as DRF answers), documented for every operation.
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    for values in request.GET.lists():
        if "\x00" in values[0] or any("\x00" in value for value in values[1]):
            return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, items in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in items):
                return True
    return False
