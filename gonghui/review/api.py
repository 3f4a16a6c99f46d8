"""``/api/v1/review/``: cases in the caller's scope, acting on a case, and the process definitions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.fields import ChoiceLabelField
from gonghui.common.params import IntParamField
from gonghui.review import selectors, services
from gonghui.review.forms import CASE_ACTIONS
from gonghui.review.models import CaseStatus, Objection, ProcessStep, ProcessType, ReviewCase, ReviewEvent


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    process: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    process_name = serializers.CharField(source="process.display_name", read_only=True)
    unit = NamedRefSerializer(read_only=True)
    status_display = ChoiceLabelField(source="status")
    current_step = NamedRefSerializer(read_only=True, allow_null=True)
    current_unit = NamedRefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReviewCase
        fields: tuple[str, ...] = (
            "id",
            "process",
            "process_name",
            "unit",
            "title",
            "status",
            "status_display",
            "current_step",
            "current_unit",
            "step_started_on",
            "due_on",
            "is_overdue",
            "publicity_ends_on",
            "submitted_at",
            "closed_at",
            "version",
        )
        read_only_fields: tuple[str, ...] = fields


class _StatusOrNullField(serializers.ChoiceField):
    """A case status, or ``null`` where the event has none (a submission starts from no status; the model
    stores ``""``, which is outside the status enum)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=CaseStatus.choices, allow_null=True, read_only=True, **kwargs)  # type: ignore[arg-type]

    def to_representation(self, value: str) -> str | None:  # type: ignore[override]
        return None if value in ("", None) else super().to_representation(value)


class EventSerializer(serializers.ModelSerializer):
    from_status = _StatusOrNullField(help_text="原状态；提交事件没有原状态，为 null")
    step = serializers.CharField(source="step.display_name", read_only=True, allow_null=True, default=None)
    unit = serializers.CharField(source="unit.name", read_only=True, allow_null=True, default=None)
    actor = serializers.CharField(source="actor.display_name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ReviewEvent
        fields = ("id", "action", "step", "unit", "actor", "from_status", "to_status", "comment", "at")
        read_only_fields = fields


class ObjectionSerializer(serializers.ModelSerializer):
    contact_name = serializers.CharField(source="masked_name", read_only=True)
    contact_phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = Objection
        fields = ("id", "contact_name", "contact_phone", "content", "raised_at", "status", "resolution", "resolved_at")
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """Schema of the detail answer: the case with its event timeline and objections (masked contacts)."""

    events = EventSerializer(many=True, read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = (*CaseSerializer.Meta.fields, "events", "objections")
        read_only_fields = fields


class CaseActSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CASE_ACTIONS)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    expected_version = IntParamField()


class CaseViewSet(viewsets.GenericViewSet):
    """Review cases whose unit lies in the caller's ``review.view_case`` scope."""

    serializer_class = CaseSerializer
    conflict_actions = ("act",)  # a stale expected_version answers 409 (gonghui.api.schema)
    lookup_url_kwarg = "case_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ReviewCase]:
        params = self.request.query_params
        return selectors.case_list(
            actor=self.request.user,
            status=params.get("status", ""),
            process=params.get("process", ""),
            q=params.get("q", ""),
            overdue=params.get("overdue", "") in ("1", "true", "yes"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=CaseStatus.values),
            OpenApiParameter("process", OpenApiTypes.STR, description="流程代码"),
            OpenApiParameter("q", OpenApiTypes.STR, description="标题关键词或编号"),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="仅超期事项"),
        ]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    @extend_schema(responses={200: CaseDetailSerializer})
    def retrieve(self, request: Request, case_id: str) -> Response:
        case = selectors.case_get(actor=request.user, case_id=case_id)
        data = CaseSerializer(case).data
        data["events"] = EventSerializer(selectors.case_events(case=case), many=True).data
        data["objections"] = ObjectionSerializer(selectors.case_objections(case=case), many=True).data
        return Response(data)

    @extend_schema(request=CaseActSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def act(self, request: Request, case_id: str) -> Response:
        """Approve, return, reject, close the publicity, resubmit or withdraw. ``expected_version`` is the
        ``version`` the caller saw; a case changed meanwhile answers 409."""
        case = selectors.case_get(actor=request.user, case_id=case_id)
        serializer = CaseActSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_perform(
            actor=request.user,
            case=case,
            action=data["action"],
            comment=data["comment"],
            expected_version=data["expected_version"],
        )
        case = selectors.case_get(actor=request.user, case_id=case.pk)
        return Response(CaseSerializer(case).data)


class StepSerializer(serializers.ModelSerializer):
    level_display = ChoiceLabelField(source="level")
    kind_display = ChoiceLabelField(source="kind")

    class Meta:
        model = ProcessStep
        fields = (
            "id",
            "order",
            "name",
            "level",
            "level_display",
            "kind",
            "kind_display",
            "permission",
            "deadline_working_days",
            "publicity_working_days",
        )
        read_only_fields = fields


class ProcessSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = ProcessType
        fields = ("id", "code", "name", "description", "is_active", "steps")
        read_only_fields = fields


class ProcessViewSet(viewsets.GenericViewSet):
    """Process definitions (platform-wide configuration)."""

    serializer_class = ProcessSerializer
    lookup_url_kwarg = "process_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ProcessType]:
        return selectors.process_list(actor=self.request.user)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProcessSerializer(page, many=True).data)

    def retrieve(self, request: Request, process_id: str) -> Response:
        return Response(ProcessSerializer(selectors.process_get(actor=request.user, process_id=process_id)).data)


routes = [
    ("review/cases", CaseViewSet, "review-case"),
    ("review/processes", ProcessViewSet, "review-process"),
]
