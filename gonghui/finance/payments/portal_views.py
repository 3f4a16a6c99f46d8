"""Member portal page of payments: 我的款项, the worker's own payments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.common.listing import paginate
from gonghui.finance.payments import selectors as selectors_payments

PORTAL_LOGIN = "portal:login"


@login_required(login_url=PORTAL_LOGIN)
@require_GET
def my_payments(request: HttpRequest) -> HttpResponse:
    """我的款项: the worker's own payments (purpose, amount, status, date paid); never anyone else's."""
    listing = paginate(request, selectors_payments.my_payments(actor=request.user), per_page=20)
    return render(request, "finance/portal/my_payments.html", {"listing": listing})
