"""Member portal page of organisational transfer (``member_portal:``): the worker asks to move their
membership to a new employer's union, or cancels an open request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gonghui.members.joining.portal_views import PORTAL_LOGIN, _employer_context
from gonghui.members.joining.selectors import employer_get
from gonghui.members.roster.forms import apply_errors
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
            try:
                services.transfer_cancel(actor=request.user, transfer=open_transfer)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已取消接转申请。"))
            return redirect("member_portal:transfer")
        form = PortalTransferForm(request.POST)
        q = request.POST.get("employer_q", "")
        if "search" not in request.POST and form.is_valid():
            employer = employer_get(employer_id=form.cleaned_data["employer"])
            try:
                services.transfer_request(
                    actor=request.user, member=member, to_employer=employer, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("接转申请已提交，待原工会转出、新工会接收。"))
                return redirect("member_portal:transfer")
    context = {
        "member": member,
        "transfers": transfers,
        "open_transfer": open_transfer,
        "form": form,
        **_employer_context(form, q),
    }
    return render(request, "members/joining/portal_transfer.html", context)
