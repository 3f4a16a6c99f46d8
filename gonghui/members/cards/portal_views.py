"""Member portal pages of the member card (``member_portal:``): my card, and the public card verification and
public key."""

from __future__ import annotations

import hashlib
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.members.cards import selectors, services
from gonghui.members.cards import tokens as card_tokens
from gonghui.members.roster.selectors import my_member

PORTAL_LOGIN = "portal:login"

# The QR image of a card's verification URL is the same on every view of that card: drawing it (segno: choosing
# the best of 8 masks on ~2,000 modules) costs ~15 ms of CPU, so it is cached. The key is a digest of the URL (which
# carries the signed token: a new card, a changed payload or a new signing key is a new URL) and of the image title
# (the language); the image holds nothing the page does not show.
QR_CACHE_SECONDS = 24 * 60 * 60
QR_CACHE_VERSION = "1"


def card_qr_svg(url: str, *, title: str) -> str:
    digest = hashlib.sha256(f"{url}\n{title}".encode()).hexdigest()
    key = f"members:card-qr:{QR_CACHE_VERSION}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=title)
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
        token = card_tokens.sign(card.payload)
        url = request.build_absolute_uri(reverse("member_portal:verify", kwargs={"token": token}))
        context.update(
            verify_url=url,
            qr_svg=card_qr_svg(url, title=_("会员卡二维码")),
        )
    return render(request, "members/joining/portal_card.html", context)


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: anyone scanning a card sees whether it is valid, with the masked name and the union only."""
    result = selectors.card_verify(token=token)
    response = render(request, "members/joining/verify.html", {"result": result})
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def card_public_key(request: HttpRequest) -> HttpResponse:
    """Public: the Ed25519 public key (PEM) that checks card tokens offline."""
    response = HttpResponse(card_tokens.public_key_pem(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="member-card-public-key.pem"'
    return response
