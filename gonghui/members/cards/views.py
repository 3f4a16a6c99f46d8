"""Console pages of a member's card (``members:``, staff): the card and its history, revoke, re-issue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.members.cards import selectors, services
from gonghui.members.cards.forms import CardRevokeForm
from gonghui.members.roster.forms import FIELD_ALIASES


@staff_required
@require_http_methods(["GET", "POST"])
def card_revoke(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.card_member_get(actor=request.user, member_id=member_id)
    form = CardRevokeForm()
    if request.method == "POST":
        form = CardRevokeForm(request.POST)
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.card_revoke(
                    actor=access.require_user(request.user), member=member, reason=form.cleaned_data["reason"]
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("会员卡已作废。"),
            )
            if done:
                return redirect("members:card_revoke", member_id=member.pk)
    return render(
        request,
        "members/joining/card_manage.html",
        {
            "member": member,
            "card": selectors.card_current(member=member),
            "history": selectors.card_history(member=member),
            "form": form,
            "can_manage": selectors.can_manage_card(actor=request.user, member=member),
        },
    )


@staff_required
@require_POST
def card_reissue(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.card_member_get(actor=request.user, member_id=member_id)
    attempt(
        request,
        lambda: services.card_reissue(actor=access.require_user(request.user), member=member),
        success=_("已补发新的会员卡，原卡作废。"),
    )
    return redirect("members:card_revoke", member_id=member.pk)
