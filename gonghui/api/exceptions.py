"""One place where a service's ``ValidationError`` becomes an API answer.

Services raise ``django.core.exceptions.ValidationError`` with Chinese messages; the API answers 400 with
``{field: [messages]}`` (messages not tied to a field under ``non_field_errors``), or 409 when the error's code
is ``stale`` (someone else changed the object first, e.g. a review step already decided) or
``idempotency_conflict`` (an idempotency key reused with different content, e.g. a payment request).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT_CODES = frozenset({"stale", "idempotency_conflict"})


def validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        out: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name
            out.setdefault(key, []).extend(str(m) for m in messages)
        return out
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        conflict = getattr(exc, "code", None) in CONFLICT_CODES
        return Response(
            validation_detail(exc), status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
