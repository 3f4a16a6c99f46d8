"""Console pages of condolence payments: the list (the payment's state read back from finance) with the decision
form (by member number), and a condolence's page (the amount explained, the policy records used, the payment)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.authz import access
from gonghui.common.listing import paginate
from gonghui.console.actions import attempt
from gonghui.console.decorators import staff_required
from gonghui.orgs.picker import unit_filter
from gonghui.retirees.clubs.selectors import retiree_by_no
from gonghui.retirees.condolences import selectors, services
from gonghui.retirees.condolences.forms import DecideForm
from gonghui.retirees.models import CondolenceReason
from gonghui.retirees.permissions import DECIDE_CONDOLENCES, VIEW_RETIREES


@staff_required
def condolence_list(request: HttpRequest) -> HttpResponse:
    access.require_anywhere(request.user, VIEW_RETIREES)
    picked = unit_filter(request, perm=VIEW_RETIREES, search_url="retirees:unit_search")
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        access.require_anywhere(request.user, DECIDE_CONDOLENCES)
        if form.is_valid():
            data = form.cleaned_data
            member = retiree_by_no(actor=request.user, member_no=data["member_no"], statuses=("retired", "deceased"))
            if member is None:
                form.add_error("member_no", _("未找到该会员编号的退休职工。"))
            else:
                done = attempt(
                    request,
                    lambda: services.condolence_decide(
                        actor=request.user,
                        member=member,
                        reason=data["reason"],
                        event_on=data["event_on"],
                        payee_name=data["payee_name"],
                        note=data["note"],
                    ),
                    form=form,
                    success=_("慰问金已决定，已提交财务支付。"),
                )
                if done.ok and done.value is not None:
                    return redirect("retirees:condolence_detail", condolence_id=done.value[0].pk)
    reason = request.GET.get("reason", "")
    qs = selectors.condolence_list(actor=request.user, unit=picked.unit, reason=reason)
    listing = paginate(request, qs, sorts=selectors.SORTS, default_sort="-decided")
    rows = list(listing.page)
    payments = selectors.payments_by_source(rows)
    return render(
        request,
        "retirees/condolences/list.html",
        {
            "listing": listing,
            "rows": [(r, payments.get(r.source)) for r in rows],
            "unit_filter": picked,
            "reason": reason,
            "reasons": CondolenceReason.choices,
            "form": form,
            "may_decide": access.check_anywhere(request.user, DECIDE_CONDOLENCES),
        },
    )


@staff_required
def condolence_detail(request: HttpRequest, condolence_id: int) -> HttpResponse:
    item = selectors.condolence_get(actor=request.user, condolence_id=condolence_id)
    return render(
        request,
        "retirees/condolences/detail.html",
        {"item": item, "payment": selectors.payment_of(item)},
    )
