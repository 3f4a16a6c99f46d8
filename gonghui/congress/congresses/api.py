"""``/api/v1/congress/congresses/`` and ``/api/v1/congress/terms/``: workers' congresses and their terms (read-only),
scoped to ``congress.view``; a term carries its quota with the calculation's trace."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.congress.congresses import selectors
from gonghui.congress.models import Congress, CongressTerm

TAGS = ["congress"]


class CongressSerializer(serializers.ModelSerializer[Congress]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Congress
        fields: tuple[str, ...] = ("id", "name", "unit", "unit_name", "employer", "active", "created_at")
        read_only_fields = fields


class TermSerializer(serializers.ModelSerializer[CongressTerm]):
    quota_trace = serializers.JSONField(read_only=True, help_text="名额计算过程（已知数、政策及版本、结果）")
    active_reps = serializers.IntegerField(read_only=True, help_text="在任代表人数")

    class Meta:
        model = CongressTerm
        fields: tuple[str, ...] = (
            "id",
            "congress",
            "number",
            "starts_on",
            "ends_on",
            "headcount",
            "quota",
            "quota_trace",
            "policy_record_ids",
            "active_reps",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class CongressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Congress]):
    serializer_class = CongressSerializer

    def get_queryset(self) -> QuerySet[Congress]:
        return selectors.congress_list(actor=self.request.user).order_by("pk")


@extend_schema(tags=TAGS)
class TermViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CongressTerm]):
    serializer_class = TermSerializer

    def get_queryset(self) -> QuerySet[CongressTerm]:
        return selectors.term_list(actor=self.request.user).order_by("pk")


routes = [
    ("congress/congresses", CongressViewSet, "congress-congresses"),
    ("congress/terms", TermViewSet, "congress-terms"),
]
urlpatterns: list[object] = []
