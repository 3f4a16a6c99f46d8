"""Recurring jobs of assistance (see ``gonghui.common.periodic``)."""

from __future__ import annotations

from typing import Any

SCHEDULE: list[Any] = []
