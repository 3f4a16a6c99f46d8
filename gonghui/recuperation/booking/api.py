"""``/api/v1/recuperation/bookings/``: book a trip (``POST``, idempotent by the ``Idempotency-Key`` header or the
``request_key`` field: the same key returns the same booking, ``200`` instead of ``201``), a booking's standing,
cancellation (``POST .../{id}/cancel/``); staff list the bookings of their scope. ``/api/v1/recuperation/
my-bookings/``: the caller's own bookings. (The eligibility check is ``/api/v1/recuperation/trips/{id}/
eligibility/``.) Members' names are masked."""

from __future__ import annotations

import builtins
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import member_acted_for
from gonghui.recuperation.booking import selectors, services
from gonghui.recuperation.models import Booking, BookingStatus, Trip
from gonghui.recuperation.permissions import BOOK_FOR_MEMBERS, VIEW_RECUPERATION
from gonghui.recuperation.trips import selectors as trip_selectors

TAGS = ["recuperation"]


class BookingSerializer(serializers.ModelSerializer[Booking]):
    member_name = serializers.SerializerMethodField()
    trip_title = serializers.CharField(source="trip.title", read_only=True)
    position = serializers.SerializerMethodField(help_text="候补位次（1 为下一位），非候补为 null")

    class Meta:
        model = Booking
        fields: tuple[str, ...] = (
            "id",
            "trip",
            "trip_title",
            "member",
            "member_name",
            "unit",
            "status",
            "seq",
            "position",
            "priority",
            "leader",
            "on_behalf",
            "booked_at",
            "cancelled_at",
            "promoted_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Booking) -> str:
        return mask_name(obj.member.name)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_position(self, obj: Booking) -> int | None:
        positions = self.context.get("positions")
        if positions is not None:
            return positions.get(obj.pk)
        return services.waiting_position(obj)


class BookingCreateSerializer(serializers.Serializer[Any]):
    trip = serializers.IntegerField(min_value=1)
    member = serializers.IntegerField(min_value=1, required=False, help_text="代为预订的会员（工作人员）；本人预订不填")
    request_key = serializers.CharField(
        required=False, max_length=120, help_text="请求编号（或用请求头 Idempotency-Key）：同一编号只生成一个预订"
    )


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


def _member_for(request: Request, member_id: int | None) -> Member:
    return member_acted_for(actor=request.user, member_id=member_id, perm=BOOK_FOR_MEMBERS)


def _trip_for(request: Request, trip_id: int, member: Member) -> Trip:
    trip = Trip.objects.filter(trip_selectors.member_trip_q(member), pk=trip_id).select_related("unit").first()
    if trip is None:
        raise access.NotVisible
    return trip


@extend_schema(tags=TAGS)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Booking]):
    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    lookup_url_kwarg = "booking_id"

    def get_queryset(self) -> QuerySet[Booking]:
        qs = access.scope(Booking.objects.all(), self.request.user, VIEW_RECUPERATION)
        trip = int_param(self.request.query_params.get("trip", ""), min_value=1)
        if trip is not None:
            qs = qs.filter(trip_id=trip)
        state = self.request.query_params.get("status", "")
        if state in BookingStatus.values:
            qs = qs.filter(status=state)
        return qs.select_related("member", "trip").order_by("-pk")

    @extend_schema(
        summary="疗休养预订（工作人员）",
        parameters=[
            OpenApiParameter("trip", int, required=False, description="线路"),
            OpenApiParameter("status", str, required=False, description="状态"),
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="预订疗休养线路",
        request=BookingCreateSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={200: BookingSerializer, 201: BookingSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = _member_for(request, data.validated_data.get("member"))
        trip = _trip_for(request, data.validated_data["trip"], member)
        key = request.headers.get("Idempotency-Key") or data.validated_data.get("request_key") or ""
        booked = services.booking_create(actor=request.user, trip=trip, member=member, request_key=key)
        code = status.HTTP_201_CREATED if booked.created else status.HTTP_200_OK
        return Response(BookingSerializer(booked.booking).data, status=code)

    @extend_schema(summary="取消预订", request=CancelSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, booking_id: str | None = None) -> Response:
        booking = (
            Booking.objects.select_related("member", "unit", "trip", "trip__unit")
            .filter(pk=int_param(booking_id, min_value=1) or 0)
            .first()
        )
        if booking is None:
            raise access.NotVisible
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booking = services.booking_cancel(
            actor=request.user, booking=booking, reason=body.validated_data.get("reason", "")
        )
        return Response(BookingSerializer(booking).data)

    def get_permissions(self) -> builtins.list[Any]:
        if self.action in ("list", "retrieve"):
            from gonghui.api.permissions import IsStaff

            return [IsStaff(), KnownQueryParameters()]
        return [IsAuthenticated(), KnownQueryParameters()]


@extend_schema(tags=TAGS)
class MyBookingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Booking]):
    """The caller's own bookings, newest first, with the waiting-list position."""

    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[Booking]:
        return selectors.my_bookings(actor=self.request.user).select_related("member")

    def get_serializer_context(self) -> dict[str, Any]:
        return super().get_serializer_context()

    @extend_schema(summary="我的疗休养预订")
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes: list[tuple[str, Any, str]] = [
    ("recuperation/bookings", BookingViewSet, "recuperation-bookings"),
    ("recuperation/my-bookings", MyBookingViewSet, "recuperation-my-bookings"),
]
urlpatterns: list[Any] = []
