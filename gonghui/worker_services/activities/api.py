"""``/api/v1/worker-services/activities/``: activities in the caller's scope (staff, read only);
``/api/v1/worker-services/open-activities/``: the activities open to the caller (a member) with places left;
``/api/v1/worker-services/signups/``: sign up (``POST``, idempotent by the ``Idempotency-Key`` header or the
``request_key`` field: the same key returns the same sign-up, ``200`` instead of ``201``), cancel
(``POST .../{id}/cancel/``), staff list the sign-ups of their scope; ``/api/v1/worker-services/my-signups/``: the
caller's own sign-ups with the waiting position. Members' names are masked."""

from __future__ import annotations

import builtins
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.members.models import Member
from gonghui.members.roster.selectors import member_acted_for
from gonghui.worker_services.activities import selectors, services
from gonghui.worker_services.models import Activity, ActivityStatus, SignUp, SignUpStatus
from gonghui.worker_services.permissions import MANAGE_ACTIVITIES, VIEW_ACTIVITIES

TAGS = ["worker_services"]


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    free = serializers.SerializerMethodField(help_text="剩余名额；不限名额为 null")

    class Meta:
        model = Activity
        fields: tuple[str, ...] = (
            "id",
            "title",
            "category",
            "unit",
            "unit_name",
            "audience",
            "places",
            "booked",
            "free",
            "signup_opens_at",
            "signup_closes_at",
            "starts_at",
            "ends_at",
            "place",
            "cost",
            "member_price",
            "benefit",
            "status",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_free(self, obj: Activity) -> int | None:
        return obj.free


class SignUpSerializer(serializers.ModelSerializer[SignUp]):
    member_name = serializers.SerializerMethodField()
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    position = serializers.SerializerMethodField(help_text="候补位次（1 为下一位），非候补为 null")

    class Meta:
        model = SignUp
        fields: tuple[str, ...] = (
            "id",
            "activity",
            "activity_title",
            "member",
            "member_name",
            "status",
            "seq",
            "position",
            "signed_at",
            "cancelled_at",
            "promoted_at",
            "checked_in_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: SignUp) -> str:
        return mask_name(obj.member.name)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_position(self, obj: SignUp) -> int | None:
        return services.waiting_position(obj)


class SignUpCreateSerializer(serializers.Serializer[Any]):
    activity = serializers.IntegerField(min_value=1)
    member = serializers.IntegerField(min_value=1, required=False, help_text="代为报名的会员（工作人员）；本人报名不填")
    request_key = serializers.CharField(
        required=False, max_length=120, help_text="请求编号（或用请求头 Idempotency-Key）：同一编号只生成一个报名"
    )


@extend_schema(tags=TAGS)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Activity]):
    serializer_class = ActivitySerializer
    permission_classes = [IsStaff, KnownQueryParameters]
    lookup_url_kwarg = "activity_id"

    def get_queryset(self) -> QuerySet[Activity]:
        state = self.request.query_params.get("status", "")
        return selectors.activity_list(
            actor=self.request.user,
            status=state if state in ActivityStatus.values else "",
            category=(self.request.query_params.get("category") or "")[:32],
        ).order_by("-starts_at", "-pk")

    @extend_schema(
        summary="服务活动（工作人员）",
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("category", str, required=False, description="类别"),
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


@extend_schema(tags=TAGS)
class OpenActivityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Activity]):
    """Activities the caller (a member) may sign up for now or soon."""

    serializer_class = ActivitySerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.open_activities(actor=self.request.user)

    @extend_schema(summary="向我开放报名的活动")
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


def _member_for(request: Request, member_id: int | None) -> Member:
    return member_acted_for(actor=request.user, member_id=member_id, perm=MANAGE_ACTIVITIES)


@extend_schema(tags=TAGS)
class SignUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SignUp]):
    serializer_class = SignUpSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    lookup_url_kwarg = "signup_id"

    def get_queryset(self) -> QuerySet[SignUp]:
        qs = access.scope(SignUp.objects.all(), self.request.user, VIEW_ACTIVITIES)
        activity = int_param(self.request.query_params.get("activity", ""), min_value=1)
        if activity is not None:
            qs = qs.filter(activity_id=activity)
        state = self.request.query_params.get("status", "")
        if state in SignUpStatus.values:
            qs = qs.filter(status=state)
        return qs.select_related("member", "activity").order_by("-pk")

    @extend_schema(
        summary="活动报名（工作人员）",
        parameters=[
            OpenApiParameter("activity", int, required=False, description="活动"),
            OpenApiParameter("status", str, required=False, description="状态"),
        ],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="报名参加活动",
        request=SignUpCreateSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={200: SignUpSerializer, 201: SignUpSerializer},
        examples=[
            OpenApiExample("本人报名", value={"activity": 12, "request_key": "app-3f9c2b1a7d"}, request_only=True)
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SignUpCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = _member_for(request, data.validated_data.get("member"))
        activity = (
            Activity.objects.filter(pk=data.validated_data["activity"], unit__path__in=member.unit.ancestor_paths())
            .select_related("unit")
            .first()
        )
        if activity is None:
            raise access.NotVisible
        key = request.headers.get("Idempotency-Key") or data.validated_data.get("request_key") or ""
        signed = services.signup_create(actor=request.user, activity=activity, member=member, request_key=key)
        code = status.HTTP_201_CREATED if signed.created else status.HTTP_200_OK
        return Response(SignUpSerializer(signed.signup).data, status=code)

    @extend_schema(summary="取消报名", request=None, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, signup_id: str | None = None) -> Response:
        signup = (
            SignUp.objects.select_related("member", "unit", "activity", "activity__unit")
            .filter(pk=int_param(signup_id, min_value=1) or 0)
            .first()
        )
        if signup is None:
            raise access.NotVisible
        signup = services.signup_cancel(actor=request.user, signup=signup)
        return Response(SignUpSerializer(signup).data)

    def get_permissions(self) -> builtins.list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsStaff(), KnownQueryParameters()]
        return [IsAuthenticated(), KnownQueryParameters()]


@extend_schema(tags=TAGS)
class MySignUpViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[SignUp]):
    """The caller's own sign-ups, newest activity first, with the waiting-list position."""

    serializer_class = SignUpSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    pagination_class = None

    def get_queryset(self) -> Any:
        return [s for s, _position in selectors.my_signups(actor=self.request.user)]

    @extend_schema(summary="我的活动报名")
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


routes: list[tuple[str, Any, str]] = [
    ("worker-services/activities", ActivityViewSet, "worker-services-activities"),
    ("worker-services/open-activities", OpenActivityViewSet, "worker-services-open-activities"),
    ("worker-services/signups", SignUpViewSet, "worker-services-signups"),
    ("worker-services/my-signups", MySignUpViewSet, "worker-services-my-signups"),
]
urlpatterns: list[Any] = []
