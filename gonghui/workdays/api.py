"""``/api/v1/calendar/``: the override rows of a year, working-day arithmetic, and (for managers at a tree
root) setting or clearing one date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.workdays.models import CalendarDay, DayKind
from gonghui.workdays.permissions import VIEW_CALENDAR
from gonghui.workdays.selectors import add_working_days, calendar_day_get, calendar_day_list
from gonghui.workdays.services import calendar_day_clear, calendar_day_set

MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_N = 1000


class CalendarDaySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "kind_display", "name", "note", "source", "source_display", "updated_at")
        read_only_fields = fields


class CalendarDayWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayKind.choices)
    name = serializers.CharField(max_length=60, allow_blank=True, required=False, default="")
    note = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


def _parse_day(value: str) -> date:
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise NotFound
    return day


class CalendarDayViewSet(viewsets.GenericViewSet):
    """Override rows of the working-day calendar (dates that are not the Monday-Friday default)."""

    serializer_class = CalendarDaySerializer
    lookup_field = "date"
    lookup_url_kwarg = "day"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"

    def get_queryset(self) -> Any:
        year = self.request.query_params.get("year") or str(timezone.localdate().year)
        year_int = int_param(year)
        if year_int is None:
            raise DRFValidationError({"year": [_("年份格式不正确。")]})
        if not MIN_YEAR <= year_int <= MAX_YEAR:
            raise DRFValidationError({"year": [_("年份超出范围。")]})
        return calendar_day_list(actor=self.request.user, year=year_int)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}, description="年份，默认今年"
            )
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CalendarDaySerializer(page, many=True).data)

    def retrieve(self, request: Request, day: str) -> Response:
        row = calendar_day_get(actor=request.user, day=_parse_day(day))
        return Response(CalendarDaySerializer(row).data)

    @extend_schema(request=CalendarDayWriteSerializer, responses={200: CalendarDaySerializer})
    def create(self, request: Request) -> Response:
        serializer = CalendarDayWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = calendar_day_set(
            actor=request.user, day=data["date"], kind=data["kind"], name=data["name"], note=data["note"]
        )
        return Response(CalendarDaySerializer(row).data, status=status.HTTP_200_OK)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, day: str) -> Response:
        parsed = _parse_day(day)
        try:
            calendar_day_clear(actor=request.user, day=parsed)
        except DjangoValidationError as exc:
            raise NotFound(exc.messages[0]) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    n = serializers.IntegerField(required=False, min_value=0, max_value=MAX_N, default=0)


class WorkingDaysResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    n = serializers.IntegerField()
    result = serializers.DateField()


class WorkingDaysView(APIView):
    """``result`` is the date ``n`` working days after ``start`` (``n=0``: ``start`` if it is a working day,
    else the next working day)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="起始日期（不计入），默认今天"),
            OpenApiParameter(
                "n", {"type": "integer", "minimum": 0, "maximum": MAX_N}, description="工作日数，0 到 1000，默认 0"
            ),
        ],
        responses={200: WorkingDaysResultSerializer},
    )
    def get(self, request: Request) -> Response:
        if not access.check_anywhere(access.actor_of(request), VIEW_CALENDAR):
            raise access.Forbidden
        query = WorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start: date = query.validated_data.get("start") or timezone.localdate()
        n: int = query.validated_data["n"]
        result = add_working_days(start, n)
        return Response(WorkingDaysResultSerializer({"start": start, "n": n, "result": result}).data)


routes = [("calendar/days", CalendarDayViewSet, "calendar-day")]
urlpatterns = [path("calendar/working-days/", WorkingDaysView.as_view(), name="calendar-working-days")]
