"""Console pages of organisational transfer (接转): start one from a member's page, the incoming and outgoing
transfers of the clerk's scope, and the release / accept / reject / cancel decisions.

The receiving union is picked from every union of the platform (transfers cross cities): the picker shows only
unions' names (``selectors.transfer_unit_search``), never anything of their members.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.members.models import Transfer
from gonghui.members.roster.forms import FIELD_ALIASES, form_value
from gonghui.members.transfers import selectors, services
from gonghui.members.transfers.forms import CommentForm, TransferFilterForm, TransferStartForm

TRANSFER_ACTIONS: dict[str, Callable[..., Transfer]] = {
    "release": services.transfer_release,
    "accept": services.transfer_accept,
    "reject": services.transfer_reject,
    "cancel": services.transfer_cancel,
}


@staff_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    filters = TransferFilterForm(request.GET or None)
    qs = selectors.transfer_list(
        actor=request.user,
        direction=form_value(filters, "direction"),
        status=form_value(filters, "status"),
        q=form_value(filters, "q"),
    )
    listing = paginate(request, qs, sorts=selectors.TRANSFER_SORTS, default_sort="-requested")
    return render(request, "members/joining/transfer_list.html", {"filters": filters, "listing": listing})


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, transfer_id=transfer_id)
    form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        fn = TRANSFER_ACTIONS.get(action)
        form = CommentForm(request.POST)
        if fn is None:
            form.add_error(None, _("未知的操作。"))
        elif form.is_valid():
            comment = form.cleaned_data["comment"]
            done = attempt(
                request,
                lambda: fn(actor=access.require_user(request.user), transfer=transfer, comment=comment),
                form=form,
                field_map=FIELD_ALIASES,
                success=_("已办理。"),
            )
            if done:
                return redirect("members:transfer_detail", transfer_id=transfer.pk)
    return render(
        request,
        "members/joining/transfer_detail.html",
        {
            "transfer": transfer,
            "form": form,
            "actions": selectors.transfer_actions(actor=request.user, transfer=transfer),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def transfer_start(request: HttpRequest, member_id: int) -> HttpResponse:
    """From a member's page: ask to move the membership to a receiving union (the old union then releases it)."""
    member = selectors.transfer_member_get(actor=request.user, member_id=member_id)
    open_transfer = selectors.open_transfer_of(member=member)
    form = TransferStartForm()
    q = ""
    if request.method == "POST" and open_transfer is None:
        form = TransferStartForm(request.POST)
        q = request.POST.get("unit_q", "")
        if "search" not in request.POST and form.is_valid():
            to_unit = selectors.transfer_unit_get(unit_id=form.cleaned_data["to_unit"])
            if to_unit is None:
                form.add_error("unit_q", _("请搜索并选择转入的工会。"))
            else:
                reason = form.cleaned_data["reason"]
                done = attempt(
                    request,
                    lambda: services.transfer_request(
                        actor=access.require_user(request.user), member=member, to_unit=to_unit, reason=reason
                    ),
                    form=form,
                    field_map={**FIELD_ALIASES, "to_unit": "unit_q"},
                    success=_("已发起接转，请办理转出，再由转入工会接收。"),
                )
                if done.value is not None:
                    return redirect("members:transfer_detail", transfer_id=done.value.pk)
    selected = selectors.transfer_unit_get(unit_id=form.data.get("to_unit")) if form.is_bound else None
    return render(
        request,
        "members/joining/transfer_start.html",
        {
            "member": member,
            "open_transfer": open_transfer,
            "form": form,
            "q": q,
            "selected_unit": selected,
            "units": selectors.transfer_unit_search(actor=request.user, q=q),
        },
    )


@staff_required
@require_GET
def transfer_unit_search(request: HttpRequest) -> HttpResponse:
    """htmx: receiving unions matching the typed name or credit code (names only)."""
    q = request.GET.get("q") or request.GET.get("unit_q") or ""
    return render(
        request,
        "members/joining/_unit_results.html",
        {"units": selectors.transfer_unit_search(actor=request.user, q=q), "q": q},
    )
