"""The project's URLs plus ``/bench/naive-book/``: the baseline of bench/booking_rush.py — a booking path as it is
often first written (count the confirmed bookings, then insert; no lock, no counter, no idempotency beyond what the
database constraints refuse), through the same middleware and token authentication."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.urls import path
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from gonghui.members.models import Member
from gonghui.recuperation.models import Booking, BookingStatus, Trip


class NaiveBook(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes: list[Any] = []
    schema = None

    def post(self, request: Request) -> Response:
        member = Member.objects.select_related("unit").get(user=request.user)
        trip = Trip.objects.get(pk=int(request.data["trip"]))
        key = request.headers.get("Idempotency-Key", "")
        found = Booking.objects.filter(request_key=key).first()
        if found is not None:
            return Response({"id": found.pk, "status": found.status})
        confirmed = Booking.objects.filter(trip=trip, status=BookingStatus.CONFIRMED).count()
        seq = (Booking.objects.filter(trip=trip).aggregate(m=Max("seq"))["m"] or 0) + 1
        status = BookingStatus.CONFIRMED if confirmed < trip.places else BookingStatus.WAITING
        booking = Booking.objects.create(
            trip=trip,
            member=member,
            unit=member.unit,
            status=status,
            seq=seq,
            wait_seq=None if status == BookingStatus.CONFIRMED else seq,
            request_key=key,
            booked_by=request.user,
        )
        return Response({"id": booking.pk, "status": booking.status}, status=201)


urlpatterns = [path("bench/naive-book/", NaiveBook.as_view(), name="bench_naive_book"), *project_urlpatterns]
