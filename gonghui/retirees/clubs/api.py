"""``/api/v1/retirees/clubs/`` and ``/api/v1/retirees/activities/``: clubs and their activities. Staff read those of
their scope; a signed-in retiree with no role reads their own clubs (``retirees/my-clubs``) and the upcoming
activities of their clubs, signs up (a retry signs up once: 200 with the same sign-up) and cancels."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.params import int_param
from gonghui.retirees.clubs import selectors, services
from gonghui.retirees.models import ActivitySignup, Club, ClubActivity
from gonghui.retirees.permissions import VIEW_RETIREES

TAGS = ["retirees"]


class StaffOrWorker(BasePermission):
    """Staff as everywhere in the API; a signed-in worker with no role reaches their own clubs only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


class RetireesClubSerializer(serializers.ModelSerializer[Club]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Club
        fields: tuple[str, ...] = (
            "id",
            "name",
            "kind",
            "description",
            "unit",
            "unit_name",
            "leader_name",
            "open_to_join",
        )
        read_only_fields = fields


class RetireesActivitySerializer(serializers.ModelSerializer[ClubActivity]):
    club_name = serializers.CharField(source="club.name", read_only=True)
    signed = serializers.IntegerField(read_only=True, help_text="已报名人数")

    class Meta:
        model = ClubActivity
        fields: tuple[str, ...] = (
            "id",
            "club",
            "club_name",
            "title",
            "starts_at",
            "place",
            "capacity",
            "signed",
            "status",
            "attendance_count",
        )
        read_only_fields = fields


class RetireesSignupSerializer(serializers.ModelSerializer[ActivitySignup]):
    class Meta:
        model = ActivitySignup
        fields: tuple[str, ...] = ("id", "activity", "status", "signed_at")
        read_only_fields = fields


def _staff(user: Any) -> bool:
    return access.check_anywhere(user, VIEW_RETIREES)


@extend_schema(tags=TAGS)
class ClubViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Club]):
    """Clubs of the staff member's scope."""

    serializer_class = RetireesClubSerializer
    lookup_url_kwarg = "retiree_club_id"
    permission_classes = [IsStaff, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[Club]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return self.serializer_class.Meta.model.objects.none()  # type: ignore[no-any-return]
        access.require_anywhere(self.request.user, VIEW_RETIREES)
        return selectors.club_list(actor=self.request.user, kind=self.request.query_params.get("kind", ""))

    @extend_schema(parameters=[OpenApiParameter("kind", str, required=False, description="类别代码，如 calligraphy")])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)


@extend_schema(tags=TAGS)
class MyClubViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Club]):
    """The signed-in retiree's clubs."""

    serializer_class = RetireesClubSerializer
    permission_classes = [IsAuthenticated, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[Club]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return Club.objects.none()
        if not selectors.is_retiree(self.request.user):
            return Club.objects.none()  # a worker who is not retired has no clubs
        return selectors.my_clubs(actor=self.request.user).select_related("unit", "leader")


@extend_schema(tags=TAGS)
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ClubActivity]):
    """Staff: the activities of a club of their scope (``retiree_club_id``). A retiree: the upcoming activities of their
    clubs, sign-up and cancel."""

    serializer_class = RetireesActivitySerializer
    lookup_url_kwarg = "club_activity_id"
    permission_classes = [StaffOrWorker, KnownQueryParameters]

    def get_queryset(self) -> QuerySet[ClubActivity]:
        if getattr(self, "swagger_fake_view", False):  # the schema is generated without a user
            return ClubActivity.objects.none()
        if not _staff(self.request.user):
            if not selectors.is_retiree(self.request.user):
                return ClubActivity.objects.none()
            return selectors.upcoming_activities(actor=self.request.user)
        retiree_club_id = int_param(self.request.query_params.get("club_id", ""), min_value=1)
        if self.kwargs.get("club_activity_id"):
            activity = selectors.activity_get(actor=self.request.user, club_activity_id=self.kwargs["club_activity_id"])
            return selectors.club_activities(actor=self.request.user, club=activity.club).select_related("club")
        if retiree_club_id is None:
            return ClubActivity.objects.none()
        club = selectors.club_get(actor=self.request.user, retiree_club_id=retiree_club_id)
        return selectors.club_activities(actor=self.request.user, club=club).select_related("club")

    @extend_schema(parameters=[OpenApiParameter("club_id", int, required=False, description="工作人员：社团 id")])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="退休职工报名活动",
        request=None,
        responses={201: RetireesSignupSerializer, 200: RetireesSignupSerializer},
    )
    @action(detail=True, methods=["post"])
    def signup(self, request: Request, club_activity_id: str = "") -> Response:
        activity = selectors.my_activity_get(actor=request.user, club_activity_id=club_activity_id)
        signup, created = services.activity_signup(actor=request.user, activity=activity)
        return Response(
            RetireesSignupSerializer(signup).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(summary="退休职工取消报名", request=None, responses={200: RetireesSignupSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, club_activity_id: str = "") -> Response:
        activity = selectors.my_activity_get(actor=request.user, club_activity_id=club_activity_id)
        signup = services.activity_signup_cancel(actor=request.user, activity=activity)
        return Response(RetireesSignupSerializer(signup).data)


routes: list[tuple[str, Any, str]] = [
    ("retirees/clubs", ClubViewSet, "retirees-clubs"),
    ("retirees/my-clubs", MyClubViewSet, "retirees-my-clubs"),
    ("retirees/activities", ActivityViewSet, "retirees-activities"),
]
urlpatterns: list[Any] = []
