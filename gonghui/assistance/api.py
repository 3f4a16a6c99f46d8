"""Assistance API under ``/api/v1/``: each part's routes (and extra patterns), listed here."""

from __future__ import annotations

from typing import Any

routes: list[tuple[str, Any, str]] = []
urlpatterns: list[Any] = []
