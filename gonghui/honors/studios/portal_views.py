"""Member portal page of innovation studios: the named studios of the worker's union (and the unions above it), with
their leaders, fields and results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.honors.studios import selectors
from gonghui.members.roster.selectors import my_member


@login_required(login_url="portal:login")
def studio_list(request: HttpRequest) -> HttpResponse:
    member = my_member(actor=request.user)
    studios = list(selectors.public_studios(unit=member.unit)[:100]) if member is not None else []
    return render(request, "honors/studios/portal_list.html", {"member": member, "studios": studios})
