"""消息通知 API under ``/api/v1/``: the signed-in user's own messages and SMS preferences (staff and workers alike;
nobody reads another's inbox: another's message answers 404).

- ``GET notifications/`` (``unread=1``: unread only), ``GET notifications/{id}/``
- ``POST notifications/{id}/read/``, ``POST notifications/read-all/``
- ``GET notifications/preferences/``, ``PATCH notifications/preferences/{category}/`` (``{"sms": true}``)
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.notifications import selectors, services
from gonghui.notifications.models import Notification

TAGS = ["notifications"]


class NotificationsNotificationSerializer(serializers.ModelSerializer[Notification]):
    read = serializers.SerializerMethodField(help_text="是否已读")

    class Meta:
        model = Notification
        fields: tuple[str, ...] = ("id", "category", "title", "body", "url", "created_at", "read_at", "read")
        read_only_fields = fields

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationsPreferenceSerializer(serializers.Serializer[Any]):
    category = serializers.CharField(source="code", read_only=True, help_text="类别代码")
    name = serializers.CharField(source="label", read_only=True, help_text="类别名称")
    description = serializers.CharField(read_only=True)
    sms = serializers.BooleanField(help_text="是否同时发短信（本人选择，未选择时为类别默认）")
    sms_allowed = serializers.BooleanField(read_only=True, help_text="该类别能否发短信")
    chosen = serializers.BooleanField(read_only=True, help_text="是否本人设置过（否则为默认）")


class NotificationsPreferenceUpdateSerializer(serializers.Serializer[Any]):
    sms = serializers.BooleanField()


MESSAGE_EXAMPLE = OpenApiExample(
    "一条消息",
    value={
        "id": 42,
        "category": "review.progress",
        "title": "申请已通过：张三 困难职工帮扶申请",
        "body": "您的申请已审核通过。",
        "url": "/assistance/applications/17/",
        "created_at": "2026-12-06T09:30:00+08:00",
        "read_at": None,
        "read": False,
    },
    response_only=True,
)


@extend_schema(tags=TAGS)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]):
    serializer_class = NotificationsNotificationSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]
    lookup_url_kwarg = "notification_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.inbox(actor=self.request.user, unread=self.request.query_params.get("unread") == "1")

    @extend_schema(
        summary="我的消息（新的在前）",
        parameters=[OpenApiParameter("unread", str, required=False, description="1：只看未读")],
        examples=[MESSAGE_EXAMPLE],
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="一条消息（不改变已读状态）", examples=[MESSAGE_EXAMPLE])
    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="标为已读", request=None, responses={200: NotificationsNotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, notification_id: str | None = None) -> Response:
        row = services.notification_open(actor=request.user, notification_id=notification_id)
        return Response(NotificationsNotificationSerializer(row).data)

    @extend_schema(
        summary="全部标为已读",
        request=None,
        responses={200: inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()})},
        examples=[OpenApiExample("结果", value={"marked": 3}, response_only=True)],
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(actor=request.user)})


PREFERENCES_EXAMPLE = OpenApiExample(
    "偏好",
    value=[
        {
            "category": "review.progress",
            "name": "办事进度",
            "description": "您提交的申请通过、退回修改或未通过",
            "sms": True,
            "sms_allowed": True,
            "chosen": True,
        }
    ],
    response_only=True,
)


@extend_schema(tags=TAGS)
class PreferenceViewSet(viewsets.ViewSet):
    """Per category: whether an SMS goes with the inbox message (the inbox always receives it)."""

    permission_classes = [IsAuthenticated, KnownQueryParameters]
    lookup_url_kwarg = "category"
    lookup_value_regex = r"[a-z0-9_.\-]+"
    serializer_class = NotificationsPreferenceSerializer

    @extend_schema(
        summary="我的短信提醒设置（每个类别）",
        responses={200: NotificationsPreferenceSerializer(many=True)},
        examples=[PREFERENCES_EXAMPLE],
    )
    def list(self, request: Request) -> Response:
        rows = selectors.preferences(actor=request.user)
        return Response(NotificationsPreferenceSerializer(rows, many=True).data)

    @extend_schema(
        summary="开关一个类别的短信",
        request=NotificationsPreferenceUpdateSerializer,
        responses={200: NotificationsPreferenceSerializer},
        examples=[OpenApiExample("关闭短信", value={"sms": False}, request_only=True)],
    )
    def partial_update(self, request: Request, category: str | None = None) -> Response:
        data = NotificationsPreferenceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.preference_set(actor=request.user, category=category or "", sms=data.validated_data["sms"])
        row = next(r for r in selectors.preferences(actor=request.user) if r.code == category)
        return Response(NotificationsPreferenceSerializer(row).data)


routes: list[tuple[str, Any, str]] = [
    ("notifications/preferences", PreferenceViewSet, "notifications-preferences"),
    ("notifications", NotificationViewSet, "notifications"),
]
urlpatterns: list[Any] = []
