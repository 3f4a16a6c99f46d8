"""Probe short-cut, request metrics and the access log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gonghui.ops import metrics, views

access_log = logging.getLogger("gonghui.access")

PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": views.healthz,
    "/readyz": views.readyz,
    "/metrics": views.metrics_view,
}


class ProbeMiddleware:
    """First in ``MIDDLEWARE``: answers the probes and the metrics scrape before ``ALLOWED_HOSTS`` and the HTTPS
    redirect, so that an orchestrator may probe ``http://10.0.3.7:8000/readyz`` by address. The answers carry no data
    (metrics keep their own token or network rule)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match._func_path


class RequestLogMiddleware:
    """After ``RequestContextMiddleware``: times each request, records it in the latency histogram by URL name and
    writes one access-log line (method, URL name, status, duration, user id; never the path's query string, the
    client address or any name, phone or ID number)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        status = f"{response.status_code // 100}xx"
        metrics.REQUEST_LATENCY.labels(view=view, method=request.method or "", status=status).observe(elapsed)
        user = getattr(request, "user", None)
        access_log.info(
            "request",
            extra={
                "http_method": request.method,
                "view": view,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class SessionLifetimeMiddleware:
    """Session lifetime policy, after ``AuthenticationMiddleware``: a signed-in session ends after
    ``SESSION_IDLE_SECONDS`` without a request, and after ``SESSION_COOKIE_AGE`` from sign-in whatever the activity
    (the cookie's own expiry alone would slide with every save). The last-seen time is written at most once a minute.
    """

    TOUCH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            started = session.setdefault("_gh_started", now)
            seen = session.get("_gh_seen", now)
            idle_limit = settings.SESSION_IDLE_SECONDS
            if (idle_limit and now - seen > idle_limit) or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
            elif now - seen >= self.TOUCH_SECONDS or "_gh_seen" not in session:
                session["_gh_seen"] = now
        return self.get_response(request)
