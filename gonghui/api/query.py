"""Query parameters a collection endpoint does not declare are refused (400), not ignored.

A misspelt filter (``?untit=7``) used to return the whole list as if it had been applied. The one list of what
each operation accepts is its OpenAPI description (``drf-spectacular``, the same schema the docs and the contract
test read), so :class:`KnownQueryParameters` compares a request's query string with it: a ``GET`` on a
collection (no id in the path) naming a parameter its operation does not declare answers
``400 {name: ["未知的查询参数。"]}``. It is a DRF permission class (``DEFAULT_PERMISSION_CLASSES``, after
``IsStaff``), so it runs for every view of every app after authentication and before the view. Invalid *values*
of declared parameters are each view's query serializer's to refuse.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

UNKNOWN_PARAMETER = _("未知的查询参数。")
#: Accepted everywhere: DRF's format override (``?format=json``).
ALWAYS = frozenset({"format"})

_lock = threading.Lock()
_operations: list[tuple[re.Pattern[str], dict[str, frozenset[str]]]] | None = None


def _path_regex(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$")


def operations() -> list[tuple[re.Pattern[str], dict[str, frozenset[str]]]]:
    """``[(path regex, {method: query parameter names})]`` of the API schema, built once per process."""
    global _operations
    if _operations is None:
        with _lock:
            if _operations is None:
                from drf_spectacular.generators import SchemaGenerator

                schema: dict[str, Any] = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
                found = []
                # Literal paths before templated ones: ``/transfers/units/`` is not ``/transfers/{transfer_id}/``.
                for path, item in sorted(schema.get("paths", {}).items(), key=lambda kv: kv[0].count("{")):
                    methods = {
                        method: frozenset(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")
                        for method, op in item.items()
                        if isinstance(op, dict)
                    }
                    found.append((_path_regex(path), methods))
                _operations = found
    return _operations


def declared_query_parameters(path: str, method: str) -> frozenset[str] | None:
    """The query parameters the schema declares for ``method`` on ``path``; ``None`` when it does not describe it."""
    for regex, methods in operations():
        if regex.match(path):
            return methods.get(method.lower())
    return None


class KnownQueryParameters(BasePermission):
    """``GET`` on a collection endpoint: every query parameter must be one its operation declares (else 400)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method != "GET" or getattr(view, "kwargs", None) or not request.query_params:
            return True
        declared = declared_query_parameters(request.path, "get")
        if declared is None:
            return True
        unknown = sorted(set(request.query_params) - declared - ALWAYS)
        if unknown:
            raise ValidationError({name: [UNKNOWN_PARAMETER] for name in unknown})
        return True
