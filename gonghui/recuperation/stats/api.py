"""``/api/v1/recuperation/statistics/``: recuperation figures of a year in the caller's scope (places per unit,
participation by group, first-timers, spending against the cap, satisfaction per sanatorium)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.common.params import int_param
from gonghui.recuperation.stats import selectors

TAGS = ["recuperation"]


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)


class UnitPlacesSerializer(serializers.Serializer[Any]):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    places = serializers.IntegerField()
    allotted = serializers.IntegerField()
    handed_back = serializers.IntegerField()
    used = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer[Any]):
    sanatorium = serializers.CharField(source="label")
    answers = serializers.IntegerField()
    overall = serializers.FloatField(allow_null=True)
    lodging = serializers.FloatField(allow_null=True)
    programme = serializers.FloatField(allow_null=True)
    service = serializers.FloatField(allow_null=True)


class GroupsSerializer(serializers.Serializer[Any]):
    model_worker = serializers.IntegerField()
    craftsman = serializers.IntegerField()
    other = serializers.IntegerField()


class RecuperationStatsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    people = serializers.IntegerField()
    first_timers = serializers.IntegerField()
    first_share = serializers.FloatField()
    spending = _money()
    per_person = _money()
    cap = _money()
    over_cap = serializers.IntegerField()
    groups = GroupsSerializer()
    units = UnitPlacesSerializer(many=True)
    satisfaction = SatisfactionSerializer(many=True)


class RecuperationStatsView(APIView):
    """Recuperation figures of a year in the caller's scope."""

    @extend_schema(
        tags=TAGS,
        summary="疗休养统计",
        parameters=[OpenApiParameter("year", int, required=False, description="年度（按出发日期），默认今年")],
        responses={200: RecuperationStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        year = int_param(request.query_params.get("year", ""), min_value=2000, max_value=2100)
        figures = selectors.recuperation_stats(actor=request.user, year=year or timezone.localdate().year)
        data = {
            "year": figures.year,
            "people": figures.people,
            "first_timers": figures.first_timers,
            "first_share": round(figures.first_share, 4),
            "spending": figures.spending,
            "per_person": figures.per_person,
            "cap": figures.cap,
            "over_cap": figures.over_cap,
            "groups": figures.groups,
            "units": [u.__dict__ for u in figures.units],
            "satisfaction": [s.__dict__ for s in figures.satisfaction],
        }
        return Response(RecuperationStatsSerializer(data).data)


routes: list[tuple[str, Any, str]] = []
urlpatterns = [path("recuperation/statistics/", RecuperationStatsView.as_view(), name="recuperation-statistics")]
