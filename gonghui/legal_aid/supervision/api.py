"""``/api/v1/legal-aid/notices/``: labour-law supervision notices, read by staff (scoped to
``legal_aid.view_supervision``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from gonghui.legal_aid.models import NoticeStatus, SupervisionNotice
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
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=NoticeStatus.values, required=False, description="状态"),
            OpenApiParameter("overdue", str, enum=["1"], required=False, description="1：逾期未回复（已督办）"),
        ]
    )
)
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
