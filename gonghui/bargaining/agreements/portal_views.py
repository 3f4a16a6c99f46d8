"""Member portal pages of agreements: the published agreements in force that cover the worker's employer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.bargaining.agreements import selectors
from gonghui.bargaining.negotiations import selectors as case_selectors


@login_required(login_url="portal:login")
def my_agreements(request: HttpRequest) -> HttpResponse:
    return render(
        request, "bargaining/agreements/portal_list.html", {"agreements": selectors.my_agreements(actor=request.user)}
    )


@login_required(login_url="portal:login")
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.my_agreement_or_none(actor=request.user, agreement_id=agreement_id)
    if agreement is None:
        # Not an agreement that covers the worker's employer: staff who may see it go to its console page.
        staff_view = case_selectors.case_get(actor=request.user, case_id=agreement_id)
        return redirect("bargaining:case_detail", case_id=staff_view.pk)
    return render(
        request,
        "bargaining/agreements/portal_detail.html",
        {"agreement": agreement, "subjects": case_selectors.subjects(agreement)},
    )
