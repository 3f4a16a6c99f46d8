"""Member portal page of organisational transfer (``member_portal:``): the worker asks to move their
membership to a new employer's union, or cancels an open request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.members.joining.portal_views import PORTAL_LOGIN, _employer_context
from gonghui.members.joining.selectors import employer_get
from gonghui.members.roster.forms import FIELD_ALIASES
from gonghui.members.roster.selectors import my_member
from gonghui.members.transfers import selectors, services
from gonghui.members.transfers.forms import PortalTransferForm


@login_required(login_url=PORTAL_LOGIN)
@require_http_methods(["GET", "POST"])
def portal_transfer(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
    transfers = list(selectors.my_transfers(actor=request.user)[:10])
    open_transfer = next((t for t in transfers if t.is_open), None)
    form = PortalTransferForm()
    q = ""
    if request.method == "POST" and member is not None:
        if request.POST.get("action") == "cancel" and open_transfer is not None:
            cancelling = open_transfer
            attempt(
                request,
                lambda: services.transfer_cancel(actor=access.require_user(request.user), transfer=cancelling),
                success=_("已取消接转申请。"),
            )
            return redirect("member_portal:transfer")
        form = PortalTransferForm(request.POST)
        q = request.POST.get("employer_q", "")
        if "search" not in request.POST and form.is_valid():
            employer = employer_get(employer_id=form.cleaned_data["employer"])
            mover, reason = member, form.cleaned_data["reason"]
            done = attempt(
                request,
                lambda: services.transfer_request(
                    actor=access.require_user(request.user), member=mover, to_employer=employer, reason=reason
                ),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("接转申请已提交，待原工会转出、新工会接收。"),
            )
            if done:
                return redirect("member_portal:transfer")
    context = {
        "member": member,
        "transfers": transfers,
        "open_transfer": open_transfer,
        "form": form,
        **_employer_context(form, q),
    }
    return render(request, "members/joining/portal_transfer.html", context)
