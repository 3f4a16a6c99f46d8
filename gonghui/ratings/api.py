"""``/api/v1/ratings/``: a signed-in worker lists their own ratings, what they may rate now (``pending/``) and
rates a completed service once; staff list the ratings of their subtree (never who gave them: the rated record's
own module says who it is for) and read the roll-up at ``/api/v1/ratings/stats/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.orgs.models import OrgUnit
from gonghui.ratings import selectors, services
from gonghui.ratings.models import FollowUp, Rating
from gonghui.ratings.permissions import VIEW_RATINGS
from gonghui.ratings.registry import kind_label

TAGS = ["ratings"]


class SignedIn(BasePermission):
    """Staff as everywhere in the API; a signed-in worker with no role reaches their own ratings."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


class RatingSerializer(serializers.ModelSerializer[Rating]):
    kind_label = serializers.SerializerMethodField(help_text="服务类别名称")
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="责任工会")

    class Meta:
        model = Rating
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "kind_label",
            "object_id",
            "title",
            "unit",
            "unit_name",
            "score",
            "comment",
            "follow_up",
            "visited_on",
            "created_at",
        )
        read_only_fields = fields

    def get_kind_label(self, obj: Rating) -> str:
        return kind_label(obj.kind)


class RatingSubmitSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=64, help_text="服务类别代码，如 assistance.application")
    object_id = serializers.IntegerField(min_value=1, help_text="该业务记录的 id")
    score = serializers.IntegerField(min_value=1, max_value=5, help_text="评分 1–5")
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class PendingSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    unit_name = serializers.CharField()
    portal_url = serializers.CharField()


class FiguresSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="服务类别代码或工会路径")
    name = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True, help_text="下级工会 id；按类别时为空")
    count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True, help_text="平均分")
    satisfied = serializers.IntegerField(help_text="4–5 分的评价数")
    satisfied_share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, help_text="满意率（%）")
    poor_waiting = serializers.IntegerField(help_text="待回访的差评")


class RatingStatsSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    totals = FiguresSerializer()
    by_kind = FiguresSerializer(many=True)
    by_child = FiguresSerializer(many=True)


def _figures(key: str, label: str, f: selectors.Figures, unit: int | None = None) -> dict[str, Any]:
    return {
        "key": key,
        "name": label,
        "unit": unit,
        "count": f.count,
        "average": f.average,
        "satisfied": f.satisfied,
        "satisfied_share": f.satisfied_share,
        "poor_waiting": f.poor_waiting,
    }


@extend_schema(tags=TAGS)
class RatingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Rating]
):
    """The signed-in worker's own ratings."""

    serializer_class = RatingSerializer
    lookup_url_kwarg = "rating_id"
    permission_classes = [SignedIn, KnownQueryParameters]

    def _mine(self) -> bool:
        params = self.request.query_params
        return params.get("mine") == "1" or not access.check_anywhere(self.request.user, VIEW_RATINGS)

    def get_queryset(self) -> QuerySet[Rating]:
        if self.action in ("create", "pending") or self._mine():
            return selectors.my_ratings(actor=self.request.user)
        params = self.request.query_params
        return selectors.rating_list(
            actor=self.request.user,
            kind=params.get("kind", ""),
            follow_up=params.get("follow_up", "") if params.get("follow_up", "") in FollowUp.values else "",
        ).order_by("-created_at", "-pk")

    @extend_schema(
        summary="服务评价列表",
        description="职工：本人的评价；工作人员：本级及下级工会收到的评价（mine=1 时为本人的评价）。",
        parameters=[
            OpenApiParameter("kind", str, required=False, description="服务类别代码"),
            OpenApiParameter("follow_up", str, required=False, description="回访：none、waiting、done"),
            OpenApiParameter("mine", str, required=False, description="1：只看本人的评价"),
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="职工评价办结的服务",
        request=RatingSubmitSerializer,
        responses={201: RatingSerializer},
        examples=[
            OpenApiExample(
                "评价",
                value={"kind": "recuperation.booking", "object_id": 42, "score": 5, "comment": "安排周到。"},
                request_only=True,
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RatingSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating = services.rating_submit(actor=request.user, **data.validated_data)
        fresh = Rating.objects.select_related("unit").get(pk=rating.pk)
        return Response(RatingSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="待评价的服务", responses={200: PendingSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def pending(self, request: Request) -> Response:
        items = selectors.my_pending(actor=request.user)
        return Response(PendingSerializer([item.__dict__ for item in items], many=True).data)


class RatingStatsView(APIView):
    """Count, average and share satisfied of the ratings in the caller's scope (or a unit's subtree)."""

    @extend_schema(
        tags=TAGS,
        summary="服务评价统计",
        parameters=[
            OpenApiParameter(
                "unit", {"type": "integer", "minimum": 1}, required=False, description="工会 id：只看该工会及下级"
            ),
            OpenApiParameter("start", date, required=False, description="起始日期，默认今年 1 月 1 日"),
            OpenApiParameter("end", date, required=False, description="截止日期（含），默认今天"),
        ],
        responses={200: RatingStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        access.require_anywhere(request.user, VIEW_RATINGS)
        query = _StatsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        start = query.validated_data.get("start") or date(today.year, 1, 1)
        end = query.validated_data.get("end") or today
        unit = None
        unit_id = int_param(str(query.validated_data.get("unit") or ""), min_value=1)
        if unit_id:
            unit = OrgUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise access.NotVisible
        s = selectors.rating_stats(actor=request.user, unit=unit, start=start, end=end)
        body = {
            "start": start,
            "end": end,
            "totals": _figures("", "合计", s.totals),
            "by_kind": [_figures(r.key, r.label, r.figures) for r in s.by_kind],
            "by_child": [_figures(r.key, r.label, r.figures, r.unit_id) for r in s.by_child],
        }
        return Response(RatingStatsSerializer(body).data)


class _StatsQuery(serializers.Serializer[Any]):
    unit = serializers.IntegerField(required=False, min_value=1)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


routes: list[tuple[str, Any, str]] = [("ratings", RatingViewSet, "ratings")]
urlpatterns: list[Any] = [path("ratings/stats/", RatingStatsView.as_view(), name="ratings-stats")]
