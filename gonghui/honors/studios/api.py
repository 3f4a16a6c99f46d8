"""``/api/v1/honors/studios/``: innovation studios, scoped to ``honors.view_studios``: list, detail (evaluations,
grants with the amount and state read from finance, results and pairs), apply (``honors.manage_studios`` at the
leader's union), and the yearly evaluation, the grant request and a result as actions on a studio. The leader's name
is masked; the pairs' members are given by count only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import body_id
from gonghui.honors.models import (
    EvaluationResult,
    Honoree,
    ResultKind,
    Studio,
    StudioEvaluation,
    StudioGrade,
    StudioGrant,
    StudioResult,
)
from gonghui.honors.permissions import MANAGE_STUDIOS, VIEW_STUDIOS
from gonghui.honors.studios import selectors, services

TAGS = ["honors"]


class StudioSerializer(serializers.ModelSerializer[Studio]):
    leader_name = serializers.SerializerMethodField()
    leader_title = serializers.CharField(source="leader.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    named_by_name = serializers.CharField(source="named_by.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Studio
        fields: tuple[str, ...] = (
            "id",
            "name",
            "unit",
            "unit_name",
            "leader",
            "leader_name",
            "leader_title",
            "field",
            "grade",
            "status",
            "named_on",
            "named_by",
            "named_by_name",
            "revoked_on",
            "revoke_reason",
        )
        read_only_fields = fields

    def get_leader_name(self, obj: Studio) -> str:
        return mask_name(obj.leader.member.name)


class StudioEvaluationOutSerializer(serializers.ModelSerializer[StudioEvaluation]):
    class Meta:
        model = StudioEvaluation
        fields: tuple[str, ...] = ("year", "result", "comment")
        read_only_fields = fields


class StudioGrantOutSerializer(serializers.ModelSerializer[StudioGrant]):
    amount = serializers.DecimalField(
        source="payment.amount", max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True
    )
    payment_status = serializers.CharField(source="payment.status", read_only=True)

    class Meta:
        model = StudioGrant
        fields: tuple[str, ...] = ("year", "grade", "amount", "payment", "payment_status", "policy_record_id")
        read_only_fields = fields


class StudioResultOutSerializer(serializers.ModelSerializer[StudioResult]):
    savings = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, read_only=True)

    class Meta:
        model = StudioResult
        fields: tuple[str, ...] = ("id", "kind", "title", "year", "patent_no", "savings")
        read_only_fields = fields


class StudioDetailSerializer(StudioSerializer):
    description = serializers.CharField(read_only=True)
    evaluations = serializers.SerializerMethodField()
    grants = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    pairs_active = serializers.SerializerMethodField()
    pairs_completed = serializers.SerializerMethodField()

    class Meta(StudioSerializer.Meta):
        fields = (
            *StudioSerializer.Meta.fields,
            "description",
            "evaluations",
            "grants",
            "results",
            "pairs_active",
            "pairs_completed",
        )
        read_only_fields = fields

    def _file(self, obj: Studio) -> selectors.StudioFile:
        cached: selectors.StudioFile | None = getattr(obj, "_file_cache", None)
        if cached is None:
            cached = selectors.studio_file(obj)
            obj._file_cache = cached  # type: ignore[attr-defined]
        return cached

    def get_evaluations(self, obj: Studio) -> list[dict[str, Any]]:
        return list(StudioEvaluationOutSerializer(self._file(obj).evaluations, many=True).data)

    def get_grants(self, obj: Studio) -> list[dict[str, Any]]:
        return list(StudioGrantOutSerializer(self._file(obj).grants, many=True).data)

    def get_results(self, obj: Studio) -> list[dict[str, Any]]:
        return list(StudioResultOutSerializer(self._file(obj).results, many=True).data)

    def get_pairs_active(self, obj: Studio) -> int:
        return sum(1 for p in self._file(obj).pairs if p.status == "active")

    def get_pairs_completed(self, obj: Studio) -> int:
        return sum(1 for p in self._file(obj).pairs if p.status == "completed")


class StudioApplySerializer(serializers.Serializer[Any]):
    leader = serializers.IntegerField(help_text="劳模工匠名录记录的编号（领衔人）")
    name = serializers.CharField(max_length=100)
    field = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000)
    grade = serializers.ChoiceField(choices=StudioGrade.choices)


class StudioEvaluateSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    result = serializers.ChoiceField(choices=EvaluationResult.choices)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class StudioGrantRequestSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class StudioResultInSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    patent_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    savings = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, default=Decimal("0")
    )


def _detail(studio: Studio) -> Response:
    studio = Studio.objects.select_related("unit", "leader__member", "named_by").get(pk=studio.pk)
    return Response(StudioDetailSerializer(studio).data)


@extend_schema(tags=TAGS)
class StudioViewSet(viewsets.GenericViewSet[Studio]):
    serializer_class = StudioSerializer
    lookup_url_kwarg = "studio_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Studio]:
        params = self.request.query_params
        return selectors.studio_list(
            actor=self.request.user, status=params.get("status", ""), grade=params.get("grade", "")
        ).order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("grade", str, required=False, description="等级"),
        ],
        responses={200: StudioSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_STUDIOS)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(StudioSerializer(page, many=True).data)

    @extend_schema(responses={200: StudioDetailSerializer})
    def retrieve(self, request: Request, studio_id: str) -> Response:
        return _detail(selectors.studio_get(actor=request.user, studio_id=studio_id))

    @extend_schema(
        request=StudioApplySerializer,
        responses={201: StudioDetailSerializer},
        examples=[
            OpenApiExample(
                "申报市级工作室",
                value={
                    "leader": 12,
                    "name": "张建国数控技术创新工作室",
                    "field": "数控加工",
                    "description": "围绕精密零件加工开展技术攻关和名师带徒。",
                    "grade": "city",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request) -> Response:
        # The leader first: not visible 404, no right to apply 403, before the body's 400.
        leader = Honoree.objects.select_related("unit", "member").filter(pk=body_id(request.data, "leader")).first()
        if leader is None:
            raise access.NotVisible
        access.require_action(request.user, view_perm=VIEW_STUDIOS, perm=MANAGE_STUDIOS, unit=leader.unit)
        serializer = StudioApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("leader")
        studio = services.studio_apply(actor=request.user, leader=leader, data=services.StudioInput(**data))
        response = _detail(studio)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=StudioEvaluateSerializer, responses={200: StudioDetailSerializer})
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, studio_id: str) -> Response:
        studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
        serializer = StudioEvaluateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.studio_evaluate(actor=request.user, studio=studio, **serializer.validated_data)
        return _detail(studio)

    @extend_schema(request=StudioGrantRequestSerializer, responses={200: StudioDetailSerializer})
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, studio_id: str) -> Response:
        studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
        serializer = StudioGrantRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.studio_grant_request(actor=request.user, studio=studio, year=serializer.validated_data["year"])
        return _detail(studio)

    @extend_schema(request=StudioResultInSerializer, responses={201: StudioDetailSerializer})
    @action(detail=True, methods=["post"])
    def results(self, request: Request, studio_id: str) -> Response:
        studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
        serializer = StudioResultInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.studio_result_add(
            actor=request.user, studio=studio, data=services.ResultInput(**serializer.validated_data)
        )
        response = _detail(studio)
        response.status_code = status.HTTP_201_CREATED
        return response


routes = [("honors/studios", StudioViewSet, "honors-studios")]
urlpatterns: list[Any] = []
