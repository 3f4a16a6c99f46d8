"""The one way a private file leaves the platform: streamed by ``attachments:file`` to a user the owning record's
registration lets see it (404 to anyone else), and removed by ``attachments:remove``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gonghui.attachments import selectors, services
from gonghui.attachments.registry import Kind
from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.console.decorators import otp_satisfied, password_session

# Nothing in a served file may run or load anything: a PDF viewer still renders it, a browser never executes it.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    """Workers (portal, SMS code) and staff alike; an account holding a role only from a full console session
    (password, and TOTP where its roles demand it), as for any console page."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    if access.holds_any_role(user):
        if not password_session(request):
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not otp_satisfied(request):
            return redirect(f"{reverse('console:otp')}?{urlencode({'next': request.get_full_path()})}")
    return None


@require_GET
def attachment_file(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """The file, inline (``?download=1``: as a download), never cached, never sniffed, sandboxed."""
    if (refused := _signed_in(request)) is not None:
        return refused
    attachment = selectors.attachment_get(actor=request.user, attachment_id=attachment_id)
    attachment = services.attachment_open(actor=request.user, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.name,
        content_type=attachment.mime,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if attachment.kind == Kind.PDF:
        response["X-Frame-Options"] = "DENY"
    return response


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("portal:home")


@require_POST
def attachment_remove(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """Remove an attachment (the owner's ``can_remove``), then back to the page that showed it (``next``)."""
    if (refused := _signed_in(request)) is not None:
        return refused
    attachment = selectors.attachment_get(actor=request.user, attachment_id=attachment_id)
    attempt(
        request,
        lambda: services.attachment_remove(
            actor=request.user, attachment=attachment, reason=request.POST.get("reason", "")
        ),
        success=lambda removed: _("已移除附件“%(name)s”。") % {"name": removed.name},
    )
    return HttpResponseRedirect(_back(request))
