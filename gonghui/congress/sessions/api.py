"""``/api/v1/congress/sessions/``: congress sessions with their agenda and tallies (read-only), scoped to
``congress.view``. Counts only: no open vote, receipt or sealed ballot is exposed."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.congress.models import AgendaItem, CongressSession
from gonghui.congress.sessions import selectors

TAGS = ["congress"]


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields: tuple[str, ...] = (
            "id",
            "order",
            "title",
            "kind",
            "secret",
            "status",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "passed",
            "tally_trace",
        )
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer[CongressSession]):
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = CongressSession
        fields: tuple[str, ...] = (
            "id",
            "term",
            "number",
            "title",
            "held_on",
            "venue",
            "status",
            "published_at",
            "items",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CongressSession]):
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[CongressSession]:
        return (
            selectors.session_list(actor=self.request.user)
            .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("order")))
            .order_by("-pk")
        )


routes = [("congress/sessions", SessionViewSet, "congress-sessions")]
urlpatterns: list[object] = []
