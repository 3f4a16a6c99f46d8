"""``/api/v1/contests/courses/``: training courses with their sessions (read-only), scoped to
``contests.view_training``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.contests.models import Course, CourseSession
from gonghui.contests.training import selectors

TAGS = ["contests"]


class TrainingSessionSerializer(serializers.ModelSerializer[CourseSession]):
    class Meta:
        model = CourseSession
        fields: tuple[str, ...] = ("id", "title", "starts_at", "hours")
        read_only_fields = fields


class TrainingCourseSerializer(serializers.ModelSerializer[Course]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    sessions = TrainingSessionSerializer(many=True, read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="draft 草稿、open 报名中、finished 已结业、cancelled 已取消"
    )

    class Meta:
        model = Course
        fields: tuple[str, ...] = (
            "id",
            "title",
            "unit",
            "unit_name",
            "trade",
            "venue",
            "capacity",
            "enrolled_count",
            "enrol_until",
            "starts_on",
            "ends_on",
            "status",
            "sessions",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Course]):
    serializer_class = TrainingCourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return (
            selectors.course_list(actor=self.request.user)
            .prefetch_related(Prefetch("sessions", queryset=CourseSession.objects.order_by("starts_at", "pk")))
            .order_by("-pk")
        )


routes: list[tuple[str, Any, str]] = [("contests/courses", CourseViewSet, "contests-courses")]
urlpatterns: list[Any] = []
