"""``/api/v1/contests/competitions/``: skill and teaching contests with their stages, and each closed stage's
results (``/api/v1/contests/competition-results/?contest=<id>``), read-only, scoped to
``contests.view_competitions`` on the organising union. Names are masked; judges' individual scores are not
exposed (the components' averages, the total, the rank and whether the entrant advanced are)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.contests.competitions import selectors
from gonghui.contests.models import Contest, ContestStage, StageEntrant, StageStatus
from gonghui.contests.permissions import VIEW_COMPETITIONS

TAGS = ["contests"]


class CompetitionStageSerializer(serializers.ModelSerializer[ContestStage]):
    class Meta:
        model = ContestStage
        fields: tuple[str, ...] = ("id", "round", "order", "status", "opened_at", "closed_at", "advance_count")
        read_only_fields = fields


class CompetitionSerializer(serializers.ModelSerializer[Contest]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    stages = CompetitionStageSerializer(many=True, read_only=True)

    class Meta:
        model = Contest
        fields: tuple[str, ...] = (
            "id",
            "name",
            "kind",
            "level",
            "trade",
            "unit",
            "unit_name",
            "starts_on",
            "min_age",
            "max_age",
            "min_years",
            "certificate",
            "award_title",
            "skill_upgrade",
            "status",
            "published_at",
            "stages",
        )
        read_only_fields = fields


class CompetitionResultSerializer(serializers.ModelSerializer[StageEntrant]):
    stage_round = serializers.CharField(source="stage.round", read_only=True)
    contest = serializers.IntegerField(source="stage.contest_id", read_only=True)
    name = serializers.SerializerMethodField()
    union = serializers.CharField(source="entry.unit.name", read_only=True)
    components = serializers.JSONField(read_only=True)

    class Meta:
        model = StageEntrant
        fields: tuple[str, ...] = (
            "id",
            "contest",
            "stage",
            "stage_round",
            "number",
            "name",
            "union",
            "components",
            "total",
            "time_seconds",
            "rank",
            "advanced",
        )
        read_only_fields = fields

    def get_name(self, obj: StageEntrant) -> str:
        return mask_name(obj.entry.member.name)


@extend_schema(tags=TAGS)
class CompetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Contest]):
    serializer_class = CompetitionSerializer

    def get_queryset(self) -> QuerySet[Contest]:
        return (
            selectors.contest_list(actor=self.request.user)
            .prefetch_related(Prefetch("stages", queryset=ContestStage.objects.order_by("order")))
            .order_by("-pk")
        )


@extend_schema_view(
    list=extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("contest", OpenApiTypes.INT, description="竞赛 id（只列已结束赛段的成绩）")],
        examples=[
            OpenApiExample(
                "决赛成绩",
                value=[
                    {
                        "id": 41,
                        "contest": 7,
                        "stage": 19,
                        "stage_round": "final",
                        "number": 3,
                        "name": "王*芳",
                        "union": "新华机械厂工会",
                        "components": {"theory": "88.50", "practice": "93.33"},
                        "total": "91.88",
                        "time_seconds": 3120,
                        "rank": 1,
                        "advanced": False,
                    }
                ],
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(tags=TAGS),
)
class CompetitionResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[StageEntrant]):
    serializer_class = CompetitionResultSerializer

    def get_queryset(self) -> QuerySet[StageEntrant]:
        qs = access.scope(
            StageEntrant.objects.filter(stage__status=StageStatus.CLOSED),
            self.request.user,
            VIEW_COMPETITIONS,
            unit_field="stage__contest__unit",
        )
        contest = int_param(self.request.query_params.get("contest"), min_value=1)
        if contest is not None:
            qs = qs.filter(stage__contest_id=contest)
        return qs.select_related("stage", "entry__member", "entry__unit").order_by("-stage_id", "rank", "number")


routes = [
    ("contests/competitions", CompetitionViewSet, "contests-competitions"),
    ("contests/competition-results", CompetitionResultViewSet, "contests-competition-results"),
]
urlpatterns: list[object] = []
