"""``/api/v1/congress/suggestions/``: rational suggestions. Staff holding ``congress.view`` list and read the
suggestions of their subtree (the author's name masked); a member lists and reads their own (``?mine=1``, and
always when they hold no staff view) and files one (POST; ``request_key`` makes a retry return the same
suggestion, answered 200 instead of 201)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.common.params import int_param
from gonghui.congress.models import Suggestion
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.suggestions import selectors, services
from gonghui.congress.suggestions.api_access import StaffOrWorker

TAGS = ["congress"]


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    member_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    money_saved = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True)
    hours_saved = serializers.DecimalField(max_digits=12, decimal_places=1, coerce_to_string=True, read_only=True)
    reward = serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=True, read_only=True, allow_null=True
    )

    class Meta:
        model = Suggestion
        fields: tuple[str, ...] = (
            "id",
            "number",
            "member_name",
            "unit",
            "unit_name",
            "title",
            "body",
            "category",
            "status",
            "review_comment",
            "implemented_on",
            "money_saved",
            "hours_saved",
            "reward",
            "submitted_at",
            "decided_at",
        )
        read_only_fields = fields

    def get_member_name(self, obj: Suggestion) -> str:
        return mask_name(obj.member.name)


class SuggestionCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(choices=[(c, c) for c in services.CATEGORIES])
    request_key = serializers.RegexField(
        services.KEY_RE, required=False, allow_blank=True, help_text="8–64 位字母、数字、- 或 _：重试时带同一个键"
    )


@extend_schema(tags=TAGS)
class SuggestionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Suggestion]
):
    serializer_class = SuggestionSerializer
    lookup_url_kwarg = "suggestion_id"
    permission_classes = [StaffOrWorker, KnownQueryParameters]

    def _mine(self) -> bool:
        user = self.request.user
        return self.request.query_params.get("mine") == "1" or not access.check_anywhere(user, VIEW_CONGRESS)

    def get_queryset(self) -> QuerySet[Suggestion]:
        if self._mine():
            return selectors.my_suggestions(actor=self.request.user).select_related("member").order_by("-pk")
        year = int_param(self.request.query_params.get("year", ""), min_value=2000, max_value=2100)
        status_ = self.request.query_params.get("status", "")
        return selectors.suggestion_list(actor=self.request.user, status=status_, year=year).order_by("-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, required=False, description="状态"),
            OpenApiParameter("year", int, required=False, description="提交年度"),
            OpenApiParameter("mine", str, required=False, description="1：只看本人提交的建议"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="会员提交合理化建议",
        request=SuggestionCreateSerializer,
        responses={201: SuggestionSerializer, 200: SuggestionSerializer},
        examples=[
            OpenApiExample(
                "提交",
                value={
                    "title": "冲压车间废料分类回收",
                    "body": "现状：边角料混装外运。建议：按材质分类回收再利用。",
                    "category": "节能降耗",
                    "request_key": "k3J9xQ2mP0aZ",
                },
                request_only=True,
            )
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SuggestionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = selectors.my_suggestion_member(actor=request.user)
        if member is None:
            raise PermissionDenied("只有工会会员可以提交合理化建议。")
        suggestion, created = services.suggestion_create(actor=request.user, member=member, **data.validated_data)
        body = SuggestionSerializer(Suggestion.objects.select_related("member", "unit").get(pk=suggestion.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


routes: list[tuple[str, Any, str]] = [("congress/suggestions", SuggestionViewSet, "congress-suggestions")]
urlpatterns: list[Any] = []
