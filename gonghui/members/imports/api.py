"""``/api/v1/member-imports/``: upload a roster file (returns the job), poll its progress and counts, read its row
errors, confirm the import of the valid rows. Scoped like the console: another union's job is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.authz import access
from gonghui.common.params import IntParamField, body_id, int_param
from gonghui.members.imports import selectors, services
from gonghui.members.models import ImportJob, ImportRowError
from gonghui.members.permissions import IMPORT_MEMBER, VIEW_MEMBER
from gonghui.orgs.models import OrgUnit


class ImportJobSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields: tuple[str, ...] = (
            "id",
            "unit",
            "unit_name",
            "file_name",
            "format",
            "encoding",
            "sha256",
            "status",
            "status_display",
            "message",
            "total",
            "valid",
            "invalid",
            "created",
            "updated",
            "unchanged",
            "progress",
            "percent",
            "last_committed_row",
            "errors_ready",
            "created_at",
            "validated_at",
            "finished_at",
        )
        read_only_fields: tuple[str, ...] = fields


class ImportUploadSerializer(serializers.Serializer):
    unit = IntParamField()
    file = serializers.FileField()


class ImportRowErrorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRowError
        fields = ("row", "column", "value", "reason", "code")
        read_only_fields = fields


def _job_id(raw: object) -> int:
    """The job id of the path (``common.params.int_param``); anything else answers 404 like a missing job."""
    job_id = int_param(raw, min_value=1)
    if job_id is None:
        raise access.NotVisible
    return job_id


def _raise(exc: DjangoValidationError) -> None:
    raise ValidationError({"detail": exc.messages}) from exc


class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]):
    serializer_class = ImportJobSerializer
    lookup_url_kwarg = "job_id"
    lookup_value_regex = r"\d+"
    parser_classes = (MultiPartParser, FormParser)

    def get_queryset(self) -> QuerySet[ImportJob]:
        return selectors.import_job_list(actor=self.request.user).order_by("-id")

    def get_object(self) -> ImportJob:
        return selectors.import_job_get(actor=self.request.user, job_id=_job_id(self.kwargs["job_id"]))

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportJobSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The permission on the union the body names first (404 / 403), then the rest of the body (400).
        unit = OrgUnit.objects.filter(pk=body_id(request.data, "unit")).first()
        if unit is None:
            raise access.NotVisible
        access.require_action(request.user, view_perm=VIEW_MEMBER, perm=IMPORT_MEMBER, unit=unit)
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            job = services.import_upload(
                actor=access.require_user(request.user), unit=unit, upload=payload.validated_data["file"]
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ImportRowErrorSerializer(many=True))
    @action(detail=True, methods=["get"])
    def errors(self, request: Request, job_id: str | None = None) -> Response:
        job = self.get_object()
        qs = selectors.import_error_list(actor=request.user, job=job)
        page = self.paginate_queryset(qs)  # type: ignore[arg-type]
        if page is not None:
            return self.get_paginated_response(ImportRowErrorSerializer(page, many=True).data)
        return Response(ImportRowErrorSerializer(qs, many=True).data)

    @extend_schema(request=None, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, job_id: str | None = None) -> Response:
        job = self.get_object()
        try:
            job = services.import_confirm(actor=access.require_user(request.user), job=job)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(ImportJobSerializer(job).data)

    @extend_schema(request=None, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, job_id: str | None = None) -> Response:
        job = self.get_object()
        try:
            job = services.import_cancel(actor=request.user, job=job)
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(ImportJobSerializer(job).data)


routes = [("member-imports", ImportJobViewSet, "member-imports")]
