"""消息通知 API under ``/api/v1/``."""

from __future__ import annotations

from typing import Any

routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = []
