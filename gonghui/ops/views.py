"""``/healthz``, ``/readyz`` and ``/metrics``.

The probes carry no personal data and need no sign-in; :class:`gonghui.ops.middleware.ProbeMiddleware` answers them
before the host check and the HTTPS redirect, so that an orchestrator can probe a container by its address over plain
HTTP. ``/metrics`` is for Prometheus only: a bearer token (``METRICS_TOKEN``) or a client address in
``METRICS_ALLOWED_NETWORKS`` (default loopback).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gonghui.ops import metrics, readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive and serves requests (no dependency is touched)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: database, cache, storage answer and the task queue is not lagging; 503 names the failed
    checks."""
    results = readiness.run_checks()
    failed = {name: reason for name, reason in results.items() if reason}
    body = {
        "status": "fail" if failed else "ok",
        "checks": {name: (reason or "ok") for name, reason in results.items()},
        "failed": sorted(failed),
    }
    return JsonResponse(body, status=503 if failed else 200)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
            return True
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse(status=403)
    return HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
