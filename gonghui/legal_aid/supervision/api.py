"""``/api/v1/legal-aid/notices/``: labour-law supervision notices, read by staff (scoped to
``legal_aid.view_supervision``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from gonghui.legal_aid.models import SupervisionNotice
from gonghui.legal_aid.supervision import selectors

TAGS = ["legal_aid"]


class LegalAidNoticeSerializer(serializers.ModelSerializer[SupervisionNotice]):
    class Meta:
        model = SupervisionNotice
        fields: tuple[str, ...] = (
            "id",
            "number",
            "unit",
            "employer_name",
            "employer_credit_code",
            "finding",
            "legal_basis",
            "demand",
            "issued_on",
            "reply_due_on",
            "status",
            "reply",
            "replied_on",
            "overdue_at",
            "referred_to",
            "closed_on",
            "closing_note",
        )
        read_only_fields = fields


@extend_schema(tags=TAGS)
class LegalAidNoticeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SupervisionNotice]
):
    serializer_class = LegalAidNoticeSerializer

    def get_queryset(self) -> QuerySet[SupervisionNotice]:
        params = self.request.query_params
        return selectors.notice_list(
            actor=self.request.user, status=params.get("status", ""), overdue=params.get("overdue") == "1"
        ).order_by("-pk")


routes: list[tuple[str, Any, str]] = [("legal-aid/notices", LegalAidNoticeViewSet, "legal-aid-notices")]
urlpatterns: list[object] = []
