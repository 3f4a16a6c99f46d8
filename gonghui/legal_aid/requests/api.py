"""``/api/v1/legal-aid/requests/``: workers' requests. Staff read the requests they may see (a sensitive request
only with ``legal_aid.handle_sensitive_requests``: otherwise it is not there) and answer them; a signed-in worker
without a role lists their own (``mine=1`` for staff who filed one themselves), files one (``request_key``: a
retry files once) and rates the answer. The API never names an anonymous requester and never gives a phone: the
handling staff read the identity on the console page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.legal_aid.models import RequestCategory, WorkerRequest
from gonghui.legal_aid.permissions import HANDLE_SENSITIVE_REQUESTS, VIEW_REQUESTS
from gonghui.legal_aid.requests import selectors, services

TAGS = ["legal_aid"]


class StaffOrWorker(BasePermission):
    """Staff as everywhere in the API; a signed-in worker with no role reaches their own requests only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


class RequestsWorkerRequestSerializer(serializers.ModelSerializer[WorkerRequest]):
    requester = serializers.SerializerMethodField(help_text="诉求人：姓名脱敏；匿名诉求为“匿名职工”")
    category = serializers.CharField(source="category.code", read_only=True, help_text="类别代码")
    category_name = serializers.CharField(source="category.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text="责任工会")
    rating = serializers.IntegerField(read_only=True, allow_null=True, help_text="评分 1–5；未评价为空")

    class Meta:
        model = WorkerRequest
        fields: tuple[str, ...] = (
            "id",
            "number",
            "requester",
            "anonymous",
            "category",
            "category_name",
            "sensitive",
            "description",
            "unit",
            "unit_name",
            "route",
            "status",
            "due_on",
            "escalated_at",
            "answer",
            "answered_at",
            "rating",
            "rating_comment",
            "reopen_count",
            "submitted_at",
            "closed_at",
        )
        read_only_fields = fields

    def get_requester(self, obj: WorkerRequest) -> str:
        return selectors.list_name(obj, masked=True)


class RequestsSubmitSerializer(serializers.Serializer[Any]):
    category = serializers.SlugField(help_text="类别代码，如 wages、safety")
    description = serializers.CharField(max_length=5000)
    anonymous = serializers.BooleanField(required=False, default=False)
    employer = serializers.IntegerField(required=False, min_value=1, help_text="非会员：工作单位 id")
    region_code = serializers.CharField(
        required=False, allow_blank=True, max_length=6, help_text="非会员且未选单位：工作所在县级行政区划代码"
    )
    request_key = serializers.RegexField(
        services.KEY_RE, required=False, allow_blank=True, help_text="8–64 位字母、数字、- 或 _：重试时带同一个键"
    )


class RequestsAnswerSerializer(serializers.Serializer[Any]):
    answer = serializers.CharField(max_length=5000)


class RequestsRateSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _staff(user: Any) -> bool:
    return access.check_anywhere(user, VIEW_REQUESTS) or access.check_anywhere(user, HANDLE_SENSITIVE_REQUESTS)


@extend_schema(tags=TAGS)
class WorkerRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[WorkerRequest]
):
    serializer_class = RequestsWorkerRequestSerializer
    lookup_url_kwarg = "worker_request_id"
    permission_classes = [StaffOrWorker, KnownQueryParameters]

    def _mine(self) -> bool:
        return self.request.query_params.get("mine") == "1" or not _staff(self.request.user)

    def get_queryset(self) -> QuerySet[WorkerRequest]:
        if self._mine():
            return selectors.my_requests(actor=self.request.user).select_related("member", "requester")
        return selectors.request_list(
            actor=self.request.user,
            status=self.request.query_params.get("status", ""),
            category_id=int_param(self.request.query_params.get("category_id", ""), min_value=1),
            overdue=self.request.query_params.get("overdue") == "1",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态：submitted、answered、reopened、closed"),
            OpenApiParameter("category_id", int, required=False, description="类别 id"),
            OpenApiParameter("overdue", str, required=False, description="1：只看逾期督办中的诉求"),
            OpenApiParameter("mine", str, required=False, description="1：只看本人提交的诉求"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="职工提交诉求",
        request=RequestsSubmitSerializer,
        responses={201: RequestsWorkerRequestSerializer, 200: RequestsWorkerRequestSerializer},
        examples=[
            OpenApiExample(
                "提交",
                value={
                    "category": "wages",
                    "description": "三月份加班费至今未发放，涉及车间二十多人。",
                    "anonymous": True,
                    "request_key": "k3J9xQ2mP0aZ",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RequestsSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        category = RequestCategory.objects.filter(code=values.pop("category"), is_active=True).first()
        employer = None
        if values.get("employer"):
            from gonghui.members.joining.selectors import employer_get

            employer = employer_get(employer_id=values["employer"])
        values["employer"] = employer
        item, created = services.request_submit(actor=request.user, category=category, **values)  # type: ignore[arg-type]
        body = RequestsWorkerRequestSerializer(self._fresh(item.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _fresh(self, pk: int) -> WorkerRequest:
        return WorkerRequest.objects.select_related("unit", "category", "member", "requester").get(pk=pk)

    @extend_schema(
        summary="工会答复诉求", request=RequestsAnswerSerializer, responses={200: RequestsWorkerRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, worker_request_id: str | None = None) -> Response:
        item = selectors.request_get(actor=request.user, request_id=worker_request_id)
        data = RequestsAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_answer(actor=request.user, request=item, **data.validated_data)
        return Response(RequestsWorkerRequestSerializer(self._fresh(item.pk)).data)

    @extend_schema(
        summary="职工评价答复", request=RequestsRateSerializer, responses={200: RequestsWorkerRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, worker_request_id: str | None = None) -> Response:
        item = selectors.my_request(actor=request.user, request_id=worker_request_id)
        if item is None:
            raise access.NotVisible
        data = RequestsRateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_rate(actor=request.user, request=item, **data.validated_data)
        return Response(RequestsWorkerRequestSerializer(self._fresh(item.pk)).data)


routes: list[tuple[str, Any, str]] = [("legal-aid/requests", WorkerRequestViewSet, "legal-aid-requests")]
urlpatterns: list[Any] = []
