"""Member portal pages of the member card (``member_portal:``): my card, and the public card verification and
public key."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.members.cards import selectors, services
from gonghui.members.cards import tokens as card_tokens
from gonghui.members.roster.selectors import my_member

PORTAL_LOGIN = "portal:login"

# Drawing a QR image (segno: choosing the best of 8 masks on ~2,000 modules) costs ~15 ms of CPU, so it is cached.
# The live token is signed for the current refresh window (its start rounded down to QR_REFRESH_SECONDS), so every
# view and refresh of a card within one window shows the same URL and reuses one drawing. The key is a digest of the
# URL (which carries the signed token: a new card, window or signing key is a new URL) and of the image title (the
# language); the image holds nothing the page does not show. An entry outlives its token by nothing.
QR_CACHE_SECONDS = card_tokens.QR_TTL_SECONDS + card_tokens.QR_REFRESH_SECONDS
QR_CACHE_VERSION = "1"


def card_qr_svg(url: str, *, title: str) -> str:
    digest = hashlib.sha256(f"{url}\n{title}".encode()).hexdigest()
    key = f"members:card-qr:{QR_CACHE_VERSION}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=title)
        cache.set(key, svg, QR_CACHE_SECONDS)
    return str(svg)


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_card(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.card_ensure_own(actor=request.user)
        return redirect("member_portal:card")
    member = my_member(actor=request.user)
    card = selectors.card_current(member=member) if member is not None else None
    context: dict[str, Any] = {"member": member, "card": card}
    if member is not None and card is None:
        context["had_card"] = bool(selectors.card_history(member=member))
    if card is not None:
        context.update(_qr_context(request, card))
    return render(request, "members/joining/portal_card.html", context)


def _qr_context(request: HttpRequest, card: Any) -> dict[str, Any]:
    moment = timezone.now()
    window = card_tokens.QR_REFRESH_SECONDS
    now = moment - timedelta(seconds=moment.timestamp() % window)  # the start of this refresh window
    token = selectors.card_qr_token(card=card, now=now)
    url = request.build_absolute_uri(reverse("member_portal:verify", kwargs={"token": token}))
    return {
        "verify_url": url,
        "qr_svg": card_qr_svg(url, title=_("会员卡二维码")),
        "qr_until": now + timedelta(seconds=card_tokens.QR_TTL_SECONDS),
        "qr_refresh": card_tokens.QR_REFRESH_SECONDS,
        "qr_minutes": card_tokens.QR_TTL_SECONDS // 60,
    }


@never_cache
@login_required(login_url=PORTAL_LOGIN)
@require_GET
def portal_card_qr(request: HttpRequest) -> HttpResponse:
    """The card's QR code, refreshed by the phone every minute (htmx); once the worker holds no valid card, a note
    in its place (which polls no more)."""
    member = my_member(actor=request.user)
    card = selectors.card_current(member=member) if member is not None else None
    if card is None:
        return render(request, "members/joining/_card_qr.html", {"no_card": True})
    return render(request, "members/joining/_card_qr.html", _qr_context(request, card))


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone scanning a card sees whether it is valid, with the masked name and the union only."""
    result = selectors.card_verify(token=token)
    status = 404 if result.state == "invalid" else 200
    response = render(request, "members/joining/verify.html", {"result": result}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def card_public_key(request: HttpRequest) -> HttpResponse:
    """Public: the Ed25519 public key (PEM) that checks card tokens offline."""
    response = HttpResponse(card_tokens.public_key_pem(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="member-card-public-key.pem"'
    return response
