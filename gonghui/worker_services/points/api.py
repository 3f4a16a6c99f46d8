"""``/api/v1/service-points/``: the public register of service points (anyone, signed in or not: published points
that are active or suspended, their own fields and their union's name, never who reported what), with filters and
the nearest points to ``lat``/``lon``; ``/api/v1/service-point-reports/``: problem reports. A signed-in worker
without a role files a report on a public point (``request_key``: a retry files once) and lists their own; staff
list the reports of their points (``mine=1`` for their own) and resolve them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.worker_services.models import PointReport, ReportKind, ServicePoint
from gonghui.worker_services.permissions import VIEW_POINTS
from gonghui.worker_services.points import geo, hours, selectors, services

TAGS = ["worker_services"]


class ServicePointSerializer(serializers.ModelSerializer[ServicePoint]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="所属工会")
    lat = serializers.FloatField(source="latitude", read_only=True, help_text="纬度（WGS-84）")
    lon = serializers.FloatField(source="longitude", read_only=True, help_text="经度（WGS-84）")
    hours_text = serializers.SerializerMethodField(help_text="开放时间（文字）")
    open_now = serializers.SerializerMethodField(help_text="此刻是否开放")
    distance_m = serializers.SerializerMethodField(help_text="与 lat/lon 的距离（米）；未给位置为空")

    class Meta:
        model = ServicePoint
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "kind_label",
            "name",
            "address",
            "city",
            "district",
            "lat",
            "lon",
            "hours",
            "hours_text",
            "hours_note",
            "facilities",
            "phone",
            "status",
            "open_now",
            "unit_name",
            "distance_m",
        )
        read_only_fields = fields

    def get_hours_text(self, obj: ServicePoint) -> str:
        return hours.describe(obj.hours or {})

    def get_open_now(self, obj: ServicePoint) -> bool:
        return selectors.open_now(obj)

    def get_distance_m(self, obj: ServicePoint) -> float | None:
        distance = getattr(obj, "distance_m", None)
        return round(distance, 1) if distance is not None else None


@extend_schema(tags=TAGS)
class ServicePointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ServicePoint]):
    """Public read: no sign-in needed."""

    serializer_class = ServicePointSerializer
    lookup_url_kwarg = "service_point_id"
    permission_classes = [AllowAny, KnownQueryParameters]
    authentication_classes: list[Any] = []

    def get_queryset(self) -> QuerySet[ServicePoint]:
        params = self.request.query_params
        return selectors.public_points(
            kind=params.get("kind", ""),
            city=(params.get("city") or "")[:20],
            district=(params.get("district") or "")[:20],
            q=(params.get("q") or "").strip()[:50],
        )

    def get_object(self) -> ServicePoint:
        return selectors.public_point_get(point_id=self.kwargs.get(self.lookup_url_kwarg))

    @extend_schema(
        summary="服务阵地（公开）",
        parameters=[
            OpenApiParameter("kind", str, required=False, description="类型：home、station、centre、other"),
            OpenApiParameter("city", str, required=False, description="城市，如 杭州"),
            OpenApiParameter("district", str, required=False, description="区县，如 西湖区"),
            OpenApiParameter("q", str, required=False, description="名称或地址包含"),
            OpenApiParameter(
                "lat",
                {"type": "number", "minimum": -90, "maximum": 90},
                required=False,
                description="纬度（WGS-84）：与 lon 同给时按距离由近到远，只给一个时不排序",
            ),
            OpenApiParameter(
                "lon", {"type": "number", "minimum": -180, "maximum": 180}, required=False, description="经度（WGS-84）"
            ),
        ],
        examples=[
            OpenApiExample(
                "最近的服务阵地",
                value=[
                    {
                        "id": 12,
                        "kind": "station",
                        "kind_label": "户外劳动者服务站（爱心驿站）",
                        "name": "文三路爱心驿站",
                        "address": "文三路 259 号",
                        "city": "杭州",
                        "district": "西湖区",
                        "lat": 30.2768,
                        "lon": 120.1315,
                        "hours": {"0": [["07:00", "21:00"]]},
                        "hours_text": "周一至周日 07:00-21:00",
                        "hours_note": "",
                        "facilities": ["water", "charging", "rest"],
                        "phone": "0571-88000000",
                        "status": "active",
                        "open_now": True,
                        "unit_name": "西湖区总工会",
                        "distance_m": 420.0,
                    }
                ],
                response_only=True,
            )
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        params = request.query_params
        if "lat" in params and "lon" in params:
            position = geo.valid_position(params.get("lat"), params.get("lon"))
            if position is None:
                raise DRFValidationError({"lat": ["请同时给出有效的纬度 lat（-90–90）和经度 lon（-180–180）。"]})
            near = selectors.nearest_points(lat=position[0], lon=position[1], kind=params.get("kind", ""))
            rows = []
            for n in near:
                n.point.distance_m = n.distance_m  # type: ignore[attr-defined]
                rows.append(n.point)
            # The same paginated shape as the plain list, nearest first.
            page = self.paginate_queryset(rows)  # type: ignore[arg-type]
            if page is not None:
                return self.get_paginated_response(self.get_serializer(page, many=True).data)
            return Response(self.get_serializer(rows, many=True).data)
        return super().list(request, *args, **kwargs)


class ReportSerializer(serializers.ModelSerializer[PointReport]):
    point_name = serializers.CharField(source="point.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PointReport
        fields: tuple[str, ...] = (
            "id",
            "point",
            "point_name",
            "kind",
            "kind_label",
            "description",
            "status",
            "note",
            "created_at",
            "resolved_at",
        )
        read_only_fields = fields


class ReportSubmitSerializer(serializers.Serializer[Any]):
    point = serializers.IntegerField(min_value=1, help_text="服务阵地 id")
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    description = serializers.CharField(max_length=1000)
    request_key = serializers.RegexField(
        services.KEY_RE, required=False, allow_blank=True, help_text="8–64 位字母、数字、- 或 _：重试时带同一个键"
    )


class ReportResolveSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=1000)


class StaffOrWorker(BasePermission):
    """Staff as everywhere in the API; a signed-in worker with no role reaches their own reports only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


@extend_schema(tags=TAGS)
class PointReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[PointReport]
):
    serializer_class = ReportSerializer
    lookup_url_kwarg = "point_report_id"
    permission_classes = [StaffOrWorker, KnownQueryParameters]

    def _mine(self) -> bool:
        return self.request.query_params.get("mine") == "1" or not access.check_anywhere(self.request.user, VIEW_POINTS)

    def get_queryset(self) -> QuerySet[PointReport]:
        if self._mine():
            return selectors.my_reports(actor=self.request.user)
        return selectors.report_list(actor=self.request.user, status=self.request.query_params.get("status", ""))

    def get_object(self) -> PointReport:
        pk = self.kwargs.get(self.lookup_url_kwarg)
        own = selectors.my_report(actor=self.request.user, report_id=pk)
        if own is not None:
            return own
        return selectors.report_get(actor=self.request.user, report_id=pk)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态：open、resolved"),
            OpenApiParameter("mine", str, required=False, description="1：只看本人反映的"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="职工反映服务阵地的问题",
        request=ReportSubmitSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer},
        examples=[
            OpenApiExample(
                "反映",
                value={
                    "point": 12,
                    "kind": "facility",
                    "description": "饮水机不出热水。",
                    "request_key": "k3J9xQ2mP0aZ",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        point = selectors.public_point_get(point_id=values.pop("point"))
        report, created = services.report_submit(actor=request.user, point=point, **values)
        return Response(
            ReportSerializer(self._fresh(report.pk)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def _fresh(self, pk: int) -> PointReport:
        return PointReport.objects.select_related("point").get(pk=pk)

    @extend_schema(summary="工会处理问题反映", request=ReportResolveSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, point_report_id: str | None = None) -> Response:
        report = selectors.report_get(actor=request.user, report_id=int_param(point_report_id, min_value=1))
        data = ReportResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_resolve(actor=request.user, report=report, **data.validated_data)
        return Response(ReportSerializer(self._fresh(report.pk)).data)


routes: list[tuple[str, Any, str]] = [
    ("service-points", ServicePointViewSet, "service-points"),
    ("service-point-reports", PointReportViewSet, "service-point-reports"),
]
urlpatterns: list[Any] = []
