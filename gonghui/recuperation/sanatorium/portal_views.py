"""The worker's finished trips and the feedback survey (once per booking)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.console.actions import attempt
from gonghui.recuperation.models import Booking, Feedback
from gonghui.recuperation.sanatorium import selectors, services
from gonghui.recuperation.sanatorium.forms import FeedbackForm


@login_required
def my_trips(request: HttpRequest) -> HttpResponse:
    return render(
        request, "recuperation/sanatorium/portal_trips.html", {"bookings": selectors.my_trips(actor=request.user)}
    )


@login_required
def feedback(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = selectors.my_booking_or_none(actor=request.user, booking_id=booking_id)
    if booking is None:
        # Not the worker's own: staff who see the trip go to its check-in desk, anyone else gets 404.
        found = Booking.objects.filter(pk=booking_id).values_list("trip_id", flat=True).first()
        if found is None:
            raise Http404
        trip = selectors.trip_get(actor=request.user, trip_id=found)
        return redirect("recuperation:checkin_desk", trip_id=trip.pk)
    answered = Feedback.objects.filter(booking=booking).first()
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and answered is None and form.is_valid():
        done = attempt(
            request,
            lambda: services.feedback_submit(actor=request.user, booking=booking, **form.cleaned_data),
            form=form,
            success=_("感谢您的评价！"),
        )
        if done:
            return redirect("recuperation_portal:my_trips")
    return render(
        request,
        "recuperation/sanatorium/portal_feedback.html",
        {"booking": booking, "form": form, "answered": answered},
    )
