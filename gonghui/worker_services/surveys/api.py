"""``/api/v1/worker-services/my-surveys/`` (the signed-in member: the surveys of their audience with their
questions and whether they answered, and ``POST .../<id>/answer/`` once) and ``/api/v1/worker-services/surveys/``
(staff holding ``worker_services.view_surveys``: surveys of their subtree and ``.../<id>/results/``). No endpoint
returns a response of an anonymous survey, nor who gave it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.worker_services.models import Survey, SurveyQuestion
from gonghui.worker_services.surveys import selectors, services

TAGS = ["worker_services"]


class SignedInWorker(BasePermission):
    """Staff as everywhere in the API; a signed-in worker holding no role: their own surveys only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


class SurveyQuestionSerializer(serializers.ModelSerializer[SurveyQuestion]):
    kind = serializers.CharField(read_only=True, help_text="single 单选、multiple 多选、text 填空、scale 1–5 分")

    class Meta:
        model = SurveyQuestion
        fields: tuple[str, ...] = ("id", "position", "kind", "text", "options", "max_choices", "required")
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer[Survey]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="draft 草稿、open 征集中、closed 已结束、published 已公布结果"
    )

    class Meta:
        model = Survey
        fields: tuple[str, ...] = (
            "id",
            "title",
            "intro",
            "unit",
            "unit_name",
            "opens_on",
            "closes_on",
            "anonymous",
            "status",
        )
        read_only_fields = fields


class MySurveySerializer(SurveySerializer):
    questions = serializers.SerializerMethodField()
    answered = serializers.BooleanField(read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = (*SurveySerializer.Meta.fields, "answered", "questions")
        read_only_fields = fields

    def get_questions(self, obj: Survey) -> list[dict[str, Any]]:
        return list(SurveyQuestionSerializer(obj.questions.all(), many=True).data)


class AnswerSerializer(serializers.Serializer[Any]):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="题目 id → 答案：单选/多选为选项序号列表（从 0 开始），打分为 1–5，填空为文字",
    )


OptionSchema = inline_serializer(
    "SurveyOptionCount",
    fields={
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
        "share": serializers.DecimalField(max_digits=5, decimal_places=1),
    },
)
ResultSchema = inline_serializer(
    "SurveyResults",
    fields={
        "answers": serializers.IntegerField(),
        "audience": serializers.IntegerField(),
        "rate": serializers.DecimalField(max_digits=5, decimal_places=1),
        "shown": serializers.BooleanField(),
        "questions": inline_serializer(
            "SurveyQuestionResult",
            fields={
                "id": serializers.IntegerField(),
                "text": serializers.CharField(),
                "kind": serializers.CharField(),
                "answered": serializers.IntegerField(),
                "average": serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True),
                "options": OptionSchema,
            },
            many=True,
        ),
        "groups": inline_serializer(
            "SurveyGroupResult",
            fields={
                "unit": serializers.IntegerField(),
                "unit_name": serializers.CharField(),
                "answers": serializers.IntegerField(),
                "audience": serializers.IntegerField(),
                "rate": serializers.DecimalField(max_digits=5, decimal_places=1),
                "suppressed": serializers.BooleanField(),
            },
            many=True,
        ),
    },
)


def results_payload(found: selectors.Results) -> dict[str, Any]:
    return {
        "answers": found.answers,
        "audience": found.audience,
        "rate": str(found.rate),
        "shown": found.shown,
        "questions": [
            {
                "id": t.question.pk,
                "text": t.question.text,
                "kind": t.question.kind,
                "answered": t.answered,
                "average": str(t.average) if t.average is not None else None,
                "options": [{"label": o.label, "count": o.count, "share": str(o.share)} for o in t.options],
            }
            for t in found.tallies
        ],
        "groups": [
            {
                "unit": g.unit.pk,
                "unit_name": g.unit.name,
                "answers": g.answers,
                "audience": g.audience,
                "rate": str(g.rate),
                "suppressed": g.suppressed,
            }
            for g in found.groups
        ],
    }


@extend_schema(tags=TAGS)
class MySurveyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Survey]):
    serializer_class = MySurveySerializer
    permission_classes = [SignedInWorker, KnownQueryParameters]
    pagination_class = None
    lookup_url_kwarg = "survey_id"

    def get_queryset(self) -> QuerySet[Survey]:
        mine = selectors.my_surveys(actor=self.request.user)
        return Survey.objects.filter(pk__in=[m.survey.pk for m in mine]).select_related("unit")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = []
        for mine in selectors.my_surveys(actor=request.user):
            mine.survey.answered = mine.answered  # type: ignore[attr-defined]
            rows.append(mine.survey)
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(request=AnswerSerializer, responses={201: None})
    @action(detail=True, methods=["post"], url_path="answer")
    def answer(self, request: Request, survey_id: str | None = None) -> Response:
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        raw = {str(k): v for k, v in body.validated_data["answers"].items()}
        services.response_submit(actor=request.user, survey_id=survey_id, answers=raw)
        return Response(status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", str, description="draft、open、closed、published", required=False)]
    )
)
class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Survey]):
    serializer_class = SurveySerializer
    lookup_url_kwarg = "survey_id"

    def get_queryset(self) -> QuerySet[Survey]:
        return selectors.survey_list(
            actor=self.request.user, status=self.request.query_params.get("status", "")
        ).order_by("-pk")

    @extend_schema(responses=ResultSchema)
    @action(detail=True, methods=["get"], url_path="results")
    def results(self, request: Request, survey_id: str | None = None) -> Response:
        survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
        return Response(results_payload(selectors.results(survey)))


routes: list[tuple[str, Any, str]] = [
    ("worker-services/my-surveys", MySurveyViewSet, "worker-services-my-surveys"),
    ("worker-services/surveys", SurveyViewSet, "worker-services-surveys"),
]
urlpatterns: list[Any] = []
