"""``/api/v1/honors/honorees/``: the register (read-only), scoped to ``honors.view_honorees``; the holder's name is
masked and no ID number appears."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.honors.models import Honoree
from gonghui.honors.register import selectors

TAGS = ["honors"]


class HonoreeSerializer(serializers.ModelSerializer[Honoree]):
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Honoree
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "title",
            "level",
            "year",
            "conferred_by",
            "certificate_no",
            "revoked_on",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Honoree) -> str:
        return mask_name(obj.member.name)


@extend_schema(tags=TAGS)
class HonoreeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Honoree]):
    serializer_class = HonoreeSerializer

    def get_queryset(self) -> QuerySet[Honoree]:
        params = self.request.query_params
        return selectors.honoree_list(
            actor=self.request.user,
            title=params.get("title", ""),
            level=params.get("level", ""),
            year=int_param(params.get("year", ""), min_value=1950, max_value=2100),
            revoked=params.get("revoked") == "1",
        ).order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("title", str, required=False, description="荣誉称号"),
            OpenApiParameter("level", str, required=False, description="级别"),
            OpenApiParameter("year", int, required=False, description="授予年度"),
            OpenApiParameter("revoked", str, required=False, description="1：已撤销的"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes = [("honors/honorees", HonoreeViewSet, "honors-honorees")]
urlpatterns: list[Any] = []
