"""``/api/v1/congress/disclosures/``: openness-of-affairs items. Staff holding ``congress.view`` read the items of
their subtree; a member reads the published items of their union and the unions above it (``?mine=1``, and
always when they hold no staff view). ``POST /api/v1/congress/disclosures/{disclosure_id}/questions/``: a member
asks about an item they may read; GET on the same path lists a member's own questions with the answers (for
staff: every question on the item)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.query import KnownQueryParameters
from gonghui.authz import access
from gonghui.congress.models import DisclosureItem, DisclosureQuestion
from gonghui.congress.openness import selectors, services
from gonghui.congress.permissions import VIEW_CONGRESS
from gonghui.congress.suggestions.api_access import StaffOrWorker

TAGS = ["congress"]


class DisclosureItemSerializer(serializers.ModelSerializer[DisclosureItem]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = DisclosureItem
        fields: tuple[str, ...] = (
            "id",
            "unit",
            "unit_name",
            "category",
            "title",
            "body",
            "period",
            "published_on",
            "withdrawn_on",
        )
        read_only_fields = fields


class DisclosureQuestionSerializer(serializers.ModelSerializer[DisclosureQuestion]):
    class Meta:
        model = DisclosureQuestion
        fields: tuple[str, ...] = ("id", "item", "question", "asked_on", "due_on", "answer", "answered_on")
        read_only_fields = fields


class AskSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=2000)


@extend_schema(tags=TAGS)
class DisclosureItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[DisclosureItem]):
    serializer_class = DisclosureItemSerializer
    lookup_url_kwarg = "disclosure_id"
    permission_classes = [StaffOrWorker, KnownQueryParameters]

    def _mine(self) -> bool:
        return self.request.query_params.get("mine") == "1" or not access.check_anywhere(
            self.request.user, VIEW_CONGRESS
        )

    def get_queryset(self) -> QuerySet[DisclosureItem]:
        if self._mine() or self.action == "questions":
            return selectors.my_items(actor=self.request.user).order_by("-pk")
        return selectors.item_list(actor=self.request.user, state=self.request.query_params.get("state", "")).order_by(
            "-pk"
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, required=False, description="published / draft / withdrawn"),
            OpenApiParameter("mine", str, required=False, description="1：只看本人可见的公开事项"),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        methods=["GET"],
        summary="问询及答复：会员看本人的，工作人员看该事项的全部",
        responses={200: DisclosureQuestionSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="会员就公开事项提出问询",
        request=AskSerializer,
        responses={201: DisclosureQuestionSerializer},
        examples=[OpenApiExample("问询", value={"question": "三季度绩效奖金的发放标准是什么？"}, request_only=True)],
    )
    @action(detail=True, methods=["get", "post"], url_path="questions")
    def questions(self, request: Request, disclosure_id: str | None = None) -> Response:
        item = selectors.my_item_or_none(actor=request.user, item_id=disclosure_id)
        if request.method == "GET":
            if item is not None:  # a member: their own questions
                rows: Any = selectors.my_questions(actor=request.user, item=item)
            else:  # staff: every question on an item of their subtree (404 outside it)
                rows = selectors.item_questions(selectors.item_get(actor=request.user, item_id=disclosure_id))
            return Response(DisclosureQuestionSerializer(rows, many=True).data)
        if item is None:
            raise NotFound()
        data = AskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = selectors.my_openness_member(actor=request.user)
        if member is None:
            raise PermissionDenied("只有工会会员可以提出问询。")
        row = services.question_ask(
            actor=request.user, item=item, member=member, question=data.validated_data["question"]
        )
        return Response(DisclosureQuestionSerializer(row).data, status=status.HTTP_201_CREATED)


routes: list[tuple[str, Any, str]] = [("congress/disclosures", DisclosureItemViewSet, "congress-disclosures")]
urlpatterns: list[Any] = []
