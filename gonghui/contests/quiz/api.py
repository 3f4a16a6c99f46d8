"""``/api/v1/contests/quizzes/`` and ``/api/v1/contests/quiz-attempts/``: quizzes and their attempts (read-only),
scoped to ``contests.view_quiz``. An attempt is shown with its times and score, never its paper or answers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from gonghui.common.params import int_param
from gonghui.contests.models import Quiz, QuizAttempt
from gonghui.contests.quiz import selectors

TAGS = ["contests"]


class QuizQuizSerializer(serializers.ModelSerializer[Quiz]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    participants = serializers.IntegerField(read_only=True, help_text="有成绩的会员人数")
    status = serializers.CharField(read_only=True, help_text="draft 草稿、published 已发布、closed 已结束")

    class Meta:
        model = Quiz
        fields: tuple[str, ...] = (
            "id",
            "title",
            "unit",
            "unit_name",
            "starts_on",
            "ends_on",
            "paper_size",
            "time_limit_minutes",
            "attempts_per_day",
            "grace_seconds",
            "status",
            "participants",
        )
        read_only_fields = fields


class QuizAttemptSerializer(serializers.ModelSerializer[QuizAttempt]):
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    status = serializers.CharField(read_only=True, help_text="open 答题中、submitted 已交卷、expired 超时未交卷")

    class Meta:
        model = QuizAttempt
        fields: tuple[str, ...] = (
            "id",
            "quiz",
            "member_no",
            "unit",
            "day",
            "number",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "correct_count",
            "total",
            "seconds",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class QuizViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Quiz]):
    serializer_class = QuizQuizSerializer

    def get_queryset(self) -> QuerySet[Quiz]:
        return selectors.quiz_list(actor=self.request.user).order_by("-pk")


@extend_schema(tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("quiz", int, description="只看该竞赛的答题记录", required=False)],
        examples=[
            OpenApiExample(
                "已交卷",
                value={
                    "id": 31,
                    "quiz": 4,
                    "member_no": "HY3301060001",
                    "unit": 12,
                    "day": "2026-12-06",
                    "number": 1,
                    "status": "submitted",
                    "started_at": "2026-12-06T09:00:00+08:00",
                    "deadline": "2026-12-06T09:10:00+08:00",
                    "submitted_at": "2026-12-06T09:06:40+08:00",
                    "correct_count": 9,
                    "total": 10,
                    "seconds": 400,
                },
                response_only=True,
            )
        ],
    )
)
class QuizAttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[QuizAttempt]):
    serializer_class = QuizAttemptSerializer

    def get_queryset(self) -> QuerySet[QuizAttempt]:
        qs = selectors.attempt_list(actor=self.request.user)
        quiz = int_param(self.request.query_params.get("quiz"), min_value=1)
        if quiz is not None:
            qs = qs.filter(quiz_id=quiz)
        return qs.order_by("-pk")


routes: list[tuple[str, Any, str]] = [
    ("contests/quizzes", QuizViewSet, "contests-quizzes"),
    ("contests/quiz-attempts", QuizAttemptViewSet, "contests-quiz-attempts"),
]
urlpatterns: list[Any] = []
