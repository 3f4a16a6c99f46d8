"""Member portal pages of skill training: the courses of the worker's union (places left, enrol, withdraw, hours
attended), a certificate with the QR code of its verification address, and the public verification page (by the
signed token of the QR code, or by the certificate number)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.contests.training import selectors, services
from gonghui.contests.training.forms import NumberForm


@login_required(login_url="portal:login")
def my_courses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contests/training/portal_list.html",
        {
            "courses": selectors.my_courses(actor=request.user),
            "hours": selectors.my_hours(actor=request.user, year=timezone.localdate().year),
        },
    )


@login_required(login_url="portal:login")
def my_course(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        mine = selectors.my_course(actor=request.user, course_id=course_id)
    except access.NotVisible:
        # Not a course of the worker's: staff who may see it are sent to its console page, anyone else gets 404.
        staff_view = selectors.course_get(actor=request.user, course_id=course_id)
        return redirect("contests:course_detail", course_id=staff_view.pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "enrol":
            attempt(
                request, lambda: services.enrol_self(actor=request.user, course=mine.course), success=_("报名成功。")
            )
        elif action == "withdraw" and mine.enrolment is not None:
            enrolment = mine.enrolment
            enrolment.course = mine.course
            attempt(
                request, lambda: services.enrol_cancel(actor=request.user, enrolment=enrolment), success=_("已退出。")
            )
        return redirect("contests_portal:course_mine", course_id=mine.course.pk)
    return render(
        request,
        "contests/training/portal_course.html",
        {"mine": mine, "sessions": selectors.sessions(mine.course), "today": timezone.localdate()},
    )


@login_required(login_url="portal:login")
def my_certificate(request: HttpRequest, course_id: int) -> HttpResponse:
    try:
        mine = selectors.my_course(actor=request.user, course_id=course_id)
    except access.NotVisible:
        staff_view = selectors.course_get(actor=request.user, course_id=course_id)
        return redirect("contests:course_detail", course_id=staff_view.pk)
    cert = mine.certificate
    if cert is None:
        raise access.NotVisible
    url = request.build_absolute_uri(
        reverse("contests_portal:certificate_verify", kwargs={"token": services.certificate_token(cert)})
    )
    qr = segno.make(url, error="m").svg_inline(scale=4)
    return render(
        request, "contests/training/portal_certificate.html", {"mine": mine, "cert": cert, "url": url, "qr": qr}
    )


@require_GET
def certificate_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whether a certificate is genuine, with the masked name, the course, the hours and the date only."""
    result = selectors.certificate_check(token=token)
    response = render(
        request,
        "contests/training/verify.html",
        {"result": result, "form": NumberForm()},
        status=404 if result.state == "invalid" else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """Public: the same check by the certificate number printed on it."""
    form = NumberForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.certificate_check_number(number=form.cleaned_data["number"])
    response = render(request, "contests/training/verify.html", {"result": result, "form": form})
    response["X-Robots-Tag"] = "noindex"
    return response
