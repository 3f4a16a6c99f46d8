"""``/api/v1/honors/praise/``: the praise wall for a member's app: the wall of the member's union (published posts,
featured first, with the count of likes and whether the caller liked each), a new post (text only; the photo is
added on the page), and ``like`` / ``report`` on a post of the wall. Staff moderate on the console pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.permissions import IsStaff
from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.honors.models import PraisePost, PraiseSubject
from gonghui.honors.praise import selectors, services

TAGS = ["honors"]


class PraiseAccess(BasePermission):
    """Workers signed in (the wall is theirs); staff as on every staff endpoint (TOTP where their roles need it)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if access.holds_any_role(user):
            return IsStaff().has_permission(request, view)
        return True


class PraisePostSerializer(serializers.ModelSerializer[PraisePost]):
    liked = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = PraisePost
        fields: tuple[str, ...] = (
            "id",
            "subject_kind",
            "subject_name",
            "text",
            "status",
            "featured",
            "like_count",
            "liked",
            "created_at",
        )
        read_only_fields = fields


class PraisePostInSerializer(serializers.Serializer[Any]):
    subject_kind = serializers.ChoiceField(choices=PraiseSubject.choices)
    subject_name = serializers.CharField(max_length=40)
    text = serializers.CharField(max_length=1000)


class PraiseReportInSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class PraiseLikeOutSerializer(serializers.Serializer[Any]):
    added = serializers.BooleanField()
    like_count = serializers.IntegerField()


@extend_schema(tags=TAGS)
class PraiseViewSet(viewsets.GenericViewSet[PraisePost]):
    serializer_class = PraisePostSerializer
    permission_classes = [PraiseAccess, KnownQueryParameters]
    lookup_url_kwarg = "post_id"
    lookup_value_regex = r"\d+"

    def _member(self, request: Request) -> Any:
        member = selectors.wall_member(actor=request.user)
        if member is None:
            raise access.Forbidden("点赞台仅向在册会员开放。")
        return member

    @extend_schema(responses={200: PraisePostSerializer(many=True)})
    def list(self, request: Request) -> Response:
        """The caller's wall (empty for someone who holds no membership)."""
        access.require_user(request.user)
        member = selectors.wall_member(actor=request.user)
        posts = selectors.wall(actor=request.user, member=member) if member is not None else PraisePost.objects.none()
        page = self.paginate_queryset(posts)
        return self.get_paginated_response(PraisePostSerializer(page, many=True).data)

    @extend_schema(
        request=PraisePostInSerializer,
        responses={201: PraisePostSerializer},
        examples=[
            OpenApiExample(
                "为师傅点赞",
                value={"subject_kind": "teacher", "subject_name": "张师傅", "text": "手把手教我数控编程，耐心细致。"},
                request_only=True,
            )
        ],
    )
    def create(self, request: Request) -> Response:
        self._member(request)
        serializer = PraisePostInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = services.praise_post(actor=request.user, data=services.PostInput(**serializer.validated_data))
        return Response(PraisePostSerializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PraiseLikeOutSerializer})
    @action(detail=True, methods=["post"])
    def like(self, request: Request, post_id: str) -> Response:
        post = selectors.wall_post(actor=request.user, post_id=post_id)
        added = services.praise_like(actor=request.user, post=post)
        post.refresh_from_db(fields=["like_count"])
        return Response({"added": added, "like_count": post.like_count})

    @extend_schema(request=PraiseReportInSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, post_id: str) -> Response:
        post = selectors.wall_post(actor=request.user, post_id=post_id)
        serializer = PraiseReportInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.praise_report(actor=request.user, post=post, reason=serializer.validated_data["reason"])
        return Response(status=status.HTTP_201_CREATED)


routes = [("honors/praise", PraiseViewSet, "honors-praise")]
urlpatterns: list[Any] = []
