"""``/api/v1/congress/proposals/``: proposals, read by staff (scoped to ``congress.view``; the proposer's name
masked; drafts are the proposer's own and never listed) and drafted by representatives (POST: the signed-in
worker's active mandate in ``term``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.masking import mask_name
from gonghui.congress.congresses.selectors import my_mandates
from gonghui.congress.models import CongressTerm, Proposal
from gonghui.congress.proposals import selectors, services

TAGS = ["congress"]


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    proposer_name = serializers.SerializerMethodField()
    # Blank until answered / rated: plain strings, so that the schema allows the blank.
    answer_code = serializers.CharField(read_only=True, help_text="办理结果：A、B、C、D；未答复为空")
    satisfaction = serializers.CharField(
        read_only=True, help_text="提案人评价：satisfied、basic、unsatisfied；未评价为空"
    )

    class Meta:
        model = Proposal
        fields: tuple[str, ...] = (
            "id",
            "term",
            "session",
            "number",
            "proposer_name",
            "title",
            "body",
            "category",
            "status",
            "committee_reason",
            "department",
            "due_on",
            "answer_code",
            "answer",
            "answered_on",
            "satisfaction",
            "escalated_at",
            "created_at",
        )
        read_only_fields = fields

    def get_proposer_name(self, obj: Proposal) -> str:
        return mask_name(obj.proposer.member.name)


class ProposalCreateSerializer(serializers.Serializer[Any]):
    term = serializers.IntegerField(min_value=1, help_text="届次 id（提案人须为该届在任代表）")
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10000)
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


@extend_schema(tags=TAGS)
class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Proposal]):
    serializer_class = ProposalSerializer

    def get_permissions(self) -> Any:
        if self.action == "create":  # representatives are workers: any signed-in account, the service decides
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Proposal]:
        return selectors.proposal_list(actor=self.request.user).order_by("-pk")

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request: Request) -> Response:
        if not my_mandates(actor=request.user):  # not a representative: nothing to create here (before the body)
            raise access.NotVisible
        data = ProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        term = CongressTerm.objects.select_related("congress", "congress__unit").filter(pk=values.pop("term")).first()
        if term is None:
            raise access.NotVisible
        proposal = services.proposal_draft(actor=request.user, term=term, **values)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


routes = [("congress/proposals", ProposalViewSet, "congress-proposals")]
urlpatterns: list[object] = []
