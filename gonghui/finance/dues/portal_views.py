"""Member portal page "我的会费": the signed-in member's own dues payments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.finance.dues import selectors


@login_required(login_url="portal:login")
def my_dues(request: HttpRequest) -> HttpResponse:
    member, payments = selectors.my_dues(actor=request.user)
    return render(request, "finance/dues/portal_my_dues.html", {"member": member, "payments": payments[:120]})
