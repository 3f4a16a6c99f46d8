"""The API schema documents the errors every operation can answer (drf-spectacular's ``DEFAULT_SCHEMA_CLASS``).

- **400** ``{field: [messages]}`` (``non_field_errors`` for the rest): a write's body, or the query parameters of
  a list or of a ``GET`` without a path id (unknown ones: ``gonghui.api.query``; an id that is not ASCII digits
  within the bigint range: ``common.params``), refused;
- **401** ``{"detail": ...}``: an API token that is wrong or disabled;
- **403** ``{"detail": ...}``: not signed in, or the object is visible but the action is not allowed;
- **404** ``{"detail": ...}``: the object (from the path, or a unit named in the body) is outside the caller's
  scope, or does not exist: the two answer alike (a unit named in a query string too); on a list, a page
  beyond the last;
- **409** ``{field: [messages]}``: the object changed meanwhile (``expected_version``) or an idempotency key was
  reused; documented on the actions a viewset names in ``conflict_actions``;
- **429** ``{"detail": ...}`` with ``Retry-After`` (seconds): too many requests from this account or, unsigned,
  this address (``gonghui.api.throttling``); on every operation.

An operation's own ``extend_schema(responses=...)`` wins for the codes it names.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="原因（中文）")


class FieldErrorsSerializer(serializers.Serializer[Any]):
    """``{field: [messages]}``; messages not tied to a field under ``non_field_errors``."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class GonghuiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        view_action = getattr(self.view, "action", None)
        has_path_param = "{" in self.path
        extra: dict[str, tuple[Any, str]] = {
            "401": (ErrorDetailSerializer, "令牌无效或已停用"),
            "403": (ErrorDetailSerializer, "未登录，或无权执行此操作"),
        }
        if self.method in WRITES or (self.method == "GET" and (self._is_list_view() or not has_path_param)):
            extra["400"] = (FieldErrorsSerializer, "请求参数或内容不正确（字段 → 错误信息）")
        if has_path_param or self.method in WRITES or self.method == "GET":
            # A GET without a path id answers 404 too: a unit named in its query is outside the caller's
            # scope, or a page is beyond the last.
            extra["404"] = (ErrorDetailSerializer, "对象不存在或不在您的权限范围内（两者回答相同），或页码超出范围")
        if view_action and view_action in getattr(self.view, "conflict_actions", ()):
            extra["409"] = (FieldErrorsSerializer, "对象已被他人修改（版本不符）或幂等键内容冲突")
        if getattr(self.view, "throttle_classes", None):
            extra["429"] = (ErrorDetailSerializer, "请求过于频繁，请按 Retry-After 所示秒数后再试")
        for code, (serializer, description) in sorted(extra.items()):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=serializer, description=description), code, direction=direction
                )
        return responses

    def _get_response_headers_for_code(self, status_code: Any, direction: Any = "response") -> Any:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if str(status_code) == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer", "minimum": 0},
                "description": "再次请求前应等待的秒数",
            }
        return headers
