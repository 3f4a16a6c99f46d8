"""``/api/v1/assistance/relief-claims/``: critical-illness relief claims (read-only), scoped to
``assistance.view_relief``; the member's name is masked and the health data (diagnosis, hospitals) never appears.
``/api/v1/assistance/relief-stats/``: approved relief of a year by month and by cost band."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.assistance.models import ReliefClaim
from gonghui.assistance.relief import selectors
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param

TAGS = ["assistance"]


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)


class ReliefClaimSerializer(serializers.ModelSerializer[ReliefClaim]):
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    out_of_pocket = _money()
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, allow_null=True
    )
    cap_reduction = _money()
    trace = serializers.JSONField(read_only=True, help_text="计算过程（逐行：已知数、政策及版本、步骤、结果）")

    class Meta:
        model = ReliefClaim
        fields: tuple[str, ...] = (
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "status",
            "on_behalf",
            "year",
            "submitted_on",
            "computed_on",
            "out_of_pocket",
            "amount",
            "cap_reduction",
            "trace",
            "policy_record_ids",
            "review_case",
            "decided_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: ReliefClaim) -> str:
        return mask_name(obj.member.name)


@extend_schema(tags=TAGS)
class ReliefClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ReliefClaim]):
    serializer_class = ReliefClaimSerializer

    def get_queryset(self) -> QuerySet[ReliefClaim]:
        status = self.request.query_params.get("status", "")
        year = int_param(self.request.query_params.get("year", ""), min_value=2000, max_value=2100)
        return selectors.relief_list(actor=self.request.user, status=status, year=year).order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("year", int, required=False, description="救助年度"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


class ReliefMonthSerializer(serializers.Serializer[Any]):
    month = serializers.IntegerField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)


class ReliefBandSerializer(serializers.Serializer[Any]):
    band_from = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    band_to = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, allow_null=True)
    rate = serializers.DecimalField(max_digits=6, decimal_places=4, coerce_to_string=True)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)


class ReliefStatsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    cap_reduction = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    months = ReliefMonthSerializer(many=True)
    bands = ReliefBandSerializer(many=True)


class ReliefStatsView(APIView):
    """Approved critical-illness relief of a year in the caller's scope."""

    @extend_schema(
        tags=TAGS,
        summary="大病救助统计",
        parameters=[OpenApiParameter("year", int, required=False, description="年度，默认今年")],
        responses={200: ReliefStatsSerializer},
    )
    def get(self, request: Request) -> Response:
        year = int_param(request.query_params.get("year", ""), min_value=2000, max_value=2100)
        stats = selectors.relief_stats(actor=request.user, year=year or timezone.localdate().year)
        data = {
            "year": stats.year,
            "count": stats.count,
            "total": stats.total,
            "cap_reduction": stats.cap_reduction,
            "months": [{"month": m, "count": n, "amount": s} for m, n, s in stats.months],
            "bands": [{"band_from": f, "band_to": t, "rate": r, "amount": s} for f, t, r, s in stats.bands],
        }
        return Response(ReliefStatsSerializer(data).data)


routes = [("assistance/relief-claims", ReliefClaimViewSet, "assistance-relief-claims")]
urlpatterns = [path("assistance/relief-stats/", ReliefStatsView.as_view(), name="assistance-relief-stats")]
