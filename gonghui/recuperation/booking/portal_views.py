"""Member portal pages of recuperation: the trips I may see, a trip's page with why I may or may not book (rule by
rule) and the book button (a hidden request key per page view), my bookings with where I stand, cancellation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.authz import access
from gonghui.console.actions import attempt
from gonghui.recuperation.booking import eligibility, selectors, services
from gonghui.recuperation.booking.forms import BookForm
from gonghui.recuperation.booking.views import new_request_key
from gonghui.recuperation.models import BookingStatus
from gonghui.recuperation.trips import selectors as trip_selectors


@login_required(login_url="portal:login")
def trips(request: HttpRequest) -> HttpResponse:
    member, qs = trip_selectors.my_trips(actor=request.user)
    rows = list(qs[:50])
    now = timezone.now()
    return render(
        request,
        "recuperation/booking/portal_trips.html",
        {"member": member, "trips": rows, "now": now},
    )


@login_required(login_url="portal:login")
def trip_detail(request: HttpRequest, trip_id: int) -> HttpResponse:
    try:
        member, trip = trip_selectors.my_trip_get(actor=request.user, trip_id=trip_id)
    except access.NotVisible:
        # Not a trip of the signed-in member: staff who may see it are sent to its console page, anyone else 404.
        staff_view = trip_selectors.trip_get(actor=request.user, trip_id=trip_id)
        return redirect("recuperation:trip_detail", trip_id=staff_view.pk)
    if request.method == "POST":
        form = BookForm(request.POST)
        key = form.cleaned_data["request_key"] if form.is_valid() else ""
        done = attempt(
            request,
            lambda: services.booking_create(actor=request.user, trip=trip, member=member, request_key=key),
        )
        if done and done.value is not None:
            return redirect("recuperation_portal:booking_detail", booking_id=done.value.booking.pk)
        return redirect("recuperation_portal:trip_detail", trip_id=trip.pk)
    booking = selectors.my_booking_for(member=member, trip=trip)
    explained = eligibility.explain(member=member, trip=trip, on=timezone.localdate())
    return render(
        request,
        "recuperation/booking/portal_trip.html",
        {
            "member": member,
            "trip": trip,
            "booking": booking,
            "position": services.waiting_position(booking) if booking else None,
            "explained": explained,
            "reasons": [_(r) for r in explained.decision.reasons],
            "priority": [_(eligibility.PRIORITY_LABELS[p]) for p in explained.decision.priority],
            "open": services.booking_window_open(trip),
            "form": BookForm(initial={"request_key": new_request_key()}),
        },
    )


@login_required(login_url="portal:login")
def my_bookings(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_bookings(actor=request.user)[:50])
    return render(
        request,
        "recuperation/booking/portal_mine.html",
        {"bookings": rows, "positions": selectors.positions(rows)},
    )


@login_required(login_url="portal:login")
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    try:
        booking = selectors.my_booking_get(actor=request.user, booking_id=booking_id)
    except access.NotVisible:
        staff_view = selectors.booking_get(actor=request.user, booking_id=booking_id)
        return redirect("recuperation:booking_list", trip_id=staff_view.trip_id)
    return render(
        request,
        "recuperation/booking/portal_booking.html",
        {
            "booking": booking,
            "trip": booking.trip,
            "position": services.waiting_position(booking),
            "deadline": services.cancel_deadline(booking.trip),
            "can_cancel": booking.status in (BookingStatus.CONFIRMED, BookingStatus.WAITING)
            and timezone.localdate() <= services.cancel_deadline(booking.trip),
            "priority": [_(eligibility.PRIORITY_LABELS.get(p, p)) for p in booking.priority],
        },
    )


@login_required(login_url="portal:login")
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.my_booking_get(actor=request.user, booking_id=booking_id)
    attempt(
        request,
        lambda: services.booking_cancel(actor=request.user, booking=booking),
        success=_("预订已取消。"),
    )
    return redirect("recuperation_portal:booking_detail", booking_id=booking.pk)
