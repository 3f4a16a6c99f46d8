"""A completed recuperation booking as a rateable service (满意度评价). The participant already answers the
survey after the trip (``feedback_submit``: overall, lodging, programme, service); its overall score is recorded in
the ratings kernel by that service, so the worker is asked once: the portal's "待评价" links to the survey. The
responsible union is the trip's (the union that organised it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.ratings.registry import RateableKind, Subject
from gonghui.recuperation.models import Booking, BookingStatus, Feedback

KIND = "recuperation.booking"


def _describe(booking: Booking) -> Subject:
    return Subject(
        unit=booking.trip.unit,
        user_id=booking.member.user_id,
        completed=booking.status == BookingStatus.COMPLETED,
        title=f"{booking.trip.title}（{booking.trip.starts_on:%Y-%m-%d}）",
        portal_url=reverse("recuperation_portal:trip_feedback", args=[booking.pk]),
        console_url=reverse("recuperation:trip_detail", args=[booking.trip_id]),
    )


def _subject(pk: int) -> Subject | None:
    booking = Booking.objects.select_related("trip__unit", "member").filter(pk=pk).first()
    return _describe(booking) if booking is not None else None


def _to_rate(user_id: int) -> QuerySet[Any]:
    answered = Feedback.objects.filter(booking=OuterRef("pk"))
    return (
        Booking.objects.filter(member__user_id=user_id, status=BookingStatus.COMPLETED)
        .exclude(Exists(answered))
        .select_related("trip__unit", "member")
    )


RATEABLE = [
    RateableKind(
        code=KIND,
        label=_("疗休养"),
        subject=_subject,
        to_rate=_to_rate,
        describe=_describe,
        rated_in_module=True,
        order=30,
    )
]
